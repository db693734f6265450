// Synchronous sleep: COM calls block, so injected latency must block too (Atomics.wait on a private buffer).
const cell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(cell, 0, 0, ms);
}
