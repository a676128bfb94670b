/**
 * Tests wait for conditions, never for fixed times (DESIGN §6): a busy 2-core machine stretches every
 * delay. `waitFor` polls `probe` until `done` accepts its value and answers that value; it fails with
 * the last value seen once `timeoutMs` has passed (generous: it only bounds a test that is failing).
 */
export async function waitFor<T>(probe: () => T | Promise<T>, done: (value: T) => boolean = Boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
