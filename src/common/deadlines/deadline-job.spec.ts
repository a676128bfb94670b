import { deadlineIdOfJob, deadlineJob, deadlineJobId, delayUntil, DEADLINE_JOB_ATTEMPTS } from './deadline-job.js';

const ID = '0b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11';

describe('deadline job ids', () => {
  it('derives one stable job id per deadline row, and reads it back', () => {
    expect(deadlineJobId(ID)).toBe(`dl-${ID}`);
    expect(deadlineJobId(ID.toUpperCase())).toBe(deadlineJobId(ID));
    expect(deadlineIdOfJob(deadlineJobId(ID))).toBe(ID);
  });

  it('gives different rows (a moved deadline) different job ids', () => {
    expect(deadlineJobId(ID)).not.toBe(deadlineJobId('1b7c1d7e-4a0e-4d7f-9a43-2f1c1f0e6a11'));
  });

  it('refuses what is not a row id, and ignores job ids it did not derive', () => {
    expect(() => deadlineJobId('42')).toThrow(/not a deadline id/);
    expect(deadlineIdOfJob(42)).toBeUndefined();
    expect(deadlineIdOfJob('dl-nope')).toBeUndefined();
    expect(deadlineIdOfJob(`dup-${ID}`)).toBeUndefined();
  });
});

describe('deadline job options', () => {
  const now = Date.parse('2026-11-22T10:00:00.000Z');

  it('delays the job until due time, and not at all when already due', () => {
    expect(delayUntil(new Date(now + 2000), now)).toBe(2000);
    expect(delayUntil(new Date(now - 60_000), now)).toBe(0);
  });

  it('names the job after its kind, carries the row id and retries with exponential backoff', () => {
    const job = deadlineJob({ id: ID, kind: 'order.confirm', subjectId: 's1', dueAt: new Date(now + 500) }, 1000, now);
    expect(job.name).toBe('order.confirm');
    expect(job.data).toEqual({ deadlineId: ID, kind: 'order.confirm', subjectId: 's1', dueAt: '2026-11-22T10:00:00.500Z' });
    expect(job.opts).toMatchObject({ jobId: `dl-${ID}`, delay: 500, attempts: DEADLINE_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 } });
  });
});
