import type { JobOptions } from 'bull';

/** The one Bull queue deadlines travel on; job names are deadline kinds. */
export const DEADLINE_QUEUE = 'deadlines';

/** Bull tries a failing handler this many times (with exponential backoff) before the job fails. */
export const DEADLINE_JOB_ATTEMPTS = 5;

/** What a deadline job carries: enough to find the row; the handler re-reads everything else. */
export interface DeadlineJobData {
  deadlineId: string;
  kind: string;
  subjectId: string;
  /** ISO 8601, for people reading the dashboard. */
  dueAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Bull job id of a deadline row. One row, one id: enqueueing the same row twice (after commit and
 * from the sweeper) is harmless, because Bull ignores an `add` whose id exists. Moving a deadline writes
 * a new row, hence a new id.
 */
export function deadlineJobId(deadlineId: string): string {
  if (!UUID.test(deadlineId)) throw new Error(`not a deadline id: ${deadlineId}`);
  return `dl-${deadlineId.toLowerCase()}`;
}

/** The row id a job id was derived from, or undefined for a job id Bloom did not derive. */
export function deadlineIdOfJob(jobId: string | number | undefined): string | undefined {
  if (typeof jobId !== 'string' || !jobId.startsWith('dl-')) return undefined;
  const id = jobId.slice(3);
  return UUID.test(id) ? id : undefined;
}

/** Milliseconds until `dueAt` from `now`; 0 for a deadline already due (it fires at once). */
export function delayUntil(dueAt: Date, now: number = Date.now()): number {
  return Math.max(0, dueAt.getTime() - now);
}

/** Everything Bull needs to add the job of one deadline row. */
export function deadlineJob(
  row: { id: string; kind: string; subjectId: string; dueAt: Date },
  retryBackoffMs: number,
  now: number = Date.now(),
): { name: string; data: DeadlineJobData; opts: JobOptions } {
  return {
    name: row.kind,
    data: { deadlineId: row.id, kind: row.kind, subjectId: row.subjectId, dueAt: row.dueAt.toISOString() },
    opts: {
      jobId: deadlineJobId(row.id),
      delay: delayUntil(row.dueAt, now),
      attempts: DEADLINE_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: retryBackoffMs },
      // Recent history for the dashboard; the row in PostgreSQL is the lasting record.
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  };
}
