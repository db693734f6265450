// Steps that must not overlap inside one flow run (choosing and reserving a new key, first-connect matching): two
// records handled at once could otherwise take the same key or the same match. A run lives in one process (the
// flow lease), so an in-process queue per company and flow is enough.
const tails = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(key: string, step: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(step);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
