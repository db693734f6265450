// Steps of one company's sales-invoice run that must not overlap while its records are carried side by side (the
// stored state, the first write into a new Sage 100 batch). A run lives in one process (the flow lease), so an
// in-process chain per key is enough.
const tails = new Map<string, Promise<unknown>>();

export function serially<T>(key: string, step: () => Promise<T>): Promise<T> {
  const run = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(step);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
