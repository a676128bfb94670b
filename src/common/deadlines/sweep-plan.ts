/** What Redis holds for a pending deadline's job, as the sweeper sees it. */
export type JobState = 'missing' | 'finished' | 'present';

export interface PendingRow {
  id: string;
  kind: string;
  subjectId: string;
  dueAt: Date;
}

export interface SweepPlan {
  /** Jobs gone from Redis (flush, restart without persistence, eviction): add them again. */
  missing: PendingRow[];
  /** Jobs that finished (failed for good) while the row is still pending: remove and add them again. */
  finished: PendingRow[];
  /** How many of the jobs to add are already due (they run at once). */
  overdue: number;
}

/**
 * Redis answers for one `EXISTS key` + `HGET key finishedOn` pair per job (a pipeline's [error, value]
 * tuples). A job still waiting, delayed, active or retrying has no `finishedOn`.
 */
export function jobStatesFromPipeline(replies: ReadonlyArray<[Error | null, unknown]>): JobState[] {
  if (replies.length % 2 !== 0) throw new Error('expected an EXISTS and an HGET reply per job');
  const states: JobState[] = [];
  for (let i = 0; i < replies.length; i += 2) {
    const [existsError, exists] = replies[i];
    const [finishedError, finishedOn] = replies[i + 1];
    if (existsError) throw existsError;
    if (finishedError) throw finishedError;
    states.push(Number(exists) === 0 ? 'missing' : finishedOn ? 'finished' : 'present');
  }
  return states;
}

/** Decides, for one batch of pending rows and their jobs' states, what the sweeper puts back. */
export function planSweep(rows: readonly PendingRow[], states: readonly JobState[], now: number): SweepPlan {
  if (rows.length !== states.length) throw new Error('one job state per row');
  const plan: SweepPlan = { missing: [], finished: [], overdue: 0 };
  rows.forEach((row, index) => {
    const state = states[index];
    if (state === 'present') return;
    (state === 'missing' ? plan.missing : plan.finished).push(row);
    if (row.dueAt.getTime() <= now) plan.overdue++;
  });
  return plan;
}

/** The keyset cursor after a batch (rows come ordered by due_at, id). */
export function nextCursor(rows: readonly PendingRow[]): { dueAt: Date; id: string } | undefined {
  const last = rows[rows.length - 1];
  return last ? { dueAt: last.dueAt, id: last.id } : undefined;
}
