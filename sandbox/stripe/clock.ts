// One clock for the whole stand-in, in Stripe's unit (seconds), so tests can move time past trial and period ends.

export class Clock {
  private offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  /** Milliseconds since the epoch, offset included. */
  nowMs(): number {
    return this.base() + this.offsetMs;
  }
  /** Seconds since the epoch, as every Stripe timestamp. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  get offsetSeconds(): number {
    return Math.round(this.offsetMs / 1000);
  }
  set offsetSeconds(seconds: number) {
    this.offsetMs = seconds * 1000;
  }
}
