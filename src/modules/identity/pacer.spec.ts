import { Pacer } from './pacer.js';

/** A task that runs until `finish()` is called, recording how many ran at once. */
function gate(log: { running: number; most: number }) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const task = async () => {
    log.running++;
    log.most = Math.max(log.most, log.running);
    await done;
    log.running--;
    return 'ok';
  };
  return { task, finish };
}

describe('Pacer', () => {
  it('runs the tasks of one key one at a time, and other keys beside them', async () => {
    const pacer = new Pacer(10);
    const log = { running: 0, most: 0 };
    const gates = Array.from({ length: 4 }, () => gate(log));
    const outcomes = gates.map((g) => pacer.run('198.51.100.1', g.task)!);
    const other = gate({ running: 0, most: 0 });
    const otherOutcome = pacer.run('198.51.100.2', other.task)!;
    other.finish();
    await expect(otherOutcome).resolves.toBe('ok');
    for (const g of gates) g.finish();
    await expect(Promise.all(outcomes)).resolves.toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(log.most).toBe(1);
  });

  it('refuses a task while the key has its maximum queued, and forgets a key once idle', async () => {
    const pacer = new Pacer(2);
    const log = { running: 0, most: 0 };
    const [first, second] = [gate(log), gate(log)];
    const outcomes = [pacer.run('a', first.task)!, pacer.run('a', second.task)!];
    expect(pacer.run('a', async () => 'refused?')).toBeUndefined();
    first.finish();
    second.finish();
    await Promise.all(outcomes);
    // Settling is chained after the outcome: wait for the lane to empty.
    await new Promise((resolve) => setImmediate(resolve));
    expect(pacer.size).toBe(0);
    await expect(pacer.run('a', async () => 'again')).resolves.toBe('again');
  });

  it('goes on after a task fails', async () => {
    const pacer = new Pacer(5);
    const failing = pacer.run('a', async () => {
      throw new Error('boom');
    });
    const next = pacer.run('a', async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
