// One clock for the whole sandbox so tests can move time forward (idle expiry, lockout, overdue days).

export class Clock {
  private offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number {
    return this.base() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  get offset(): number {
    return this.offsetMs;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}
