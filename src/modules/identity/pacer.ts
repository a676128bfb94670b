/**
 * One task at a time per key: a task runs once the tasks of its key before it have settled, and is
 * refused (not run) while `maxQueued` of its key are already queued or running. In this process only:
 * what it bounds is this process's work.
 */
export class Pacer {
  private readonly lanes = new Map<string, { tail: Promise<unknown>; queued: number }>();

  constructor(private readonly maxQueued: number) {}

  /** The task's outcome, or undefined when the key's queue is full. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> | undefined {
    const lane = this.lanes.get(key) ?? { tail: Promise.resolve(), queued: 0 };
    if (lane.queued >= this.maxQueued) return undefined;
    lane.queued++;
    this.lanes.set(key, lane);
    const outcome = lane.tail.then(task);
    const settled = () => {
      lane.queued--;
      if (lane.queued === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
    };
    lane.tail = outcome.then(settled, settled);
    return outcome;
  }

  /** Keys with tasks queued or running. */
  get size(): number {
    return this.lanes.size;
  }
}
