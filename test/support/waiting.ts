export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until `done` holds and returns its last value. The limit only stops a broken run
 * from hanging: what the test asserts is the value, never how long it took.
 */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, limitMs = 60_000, everyMs = 100): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > limitMs) return value;
    await sleep(everyMs);
  }
}
