// A small pool of BOI sessions. Each session is a concurrent Sage user (a licence), so the pool stays small,
// closes idle sessions, recycles old ones (~4 h, spec §1.1) and never reuses a session that failed at the COM level.
import { BoiFailure, CommandRefusal, SessionLostError } from "./boi-failure";
import type { BoiHandle } from "./types";

export type SessionPoolOptions = {
  open: () => BoiHandle | Promise<BoiHandle>;
  close: (handle: BoiHandle) => void;
  max?: number;
  maxAgeMs?: number;
  idleMs?: number;
  acquireTimeoutMs?: number;
};

type Entry = { handle: BoiHandle; openedAt: number; lastUsedAt: number };

/** Errors that say something about the document, not about the session: the session stays usable. */
function isDocumentError(error: unknown): boolean {
  return (
    error instanceof BoiFailure ||
    error instanceof CommandRefusal ||
    (error instanceof Error && error.name === "ZodError")
  );
}

/** Our own programming errors are bugs, not COM failures; anything else thrown by a BOI call is the COM layer. */
function isProgrammingError(error: unknown): boolean {
  return (
    error instanceof TypeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError ||
    error instanceof RangeError
  );
}

export class SessionPool {
  private readonly idle: Entry[] = [];
  private readonly busy = new Set<Entry>();
  private readonly waiters: Array<(entry: Entry | Error) => void> = [];
  private opening = 0;
  private draining = false;
  private readonly max: number;
  private readonly maxAgeMs: number;
  private readonly idleMs: number;
  private readonly acquireTimeoutMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: SessionPoolOptions) {
    this.max = Math.max(1, options.max ?? 1);
    this.maxAgeMs = options.maxAgeMs ?? 4 * 3_600_000;
    this.idleMs = options.idleMs ?? 5 * 60_000;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? 30_000;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.idleMs, 60_000));
    this.sweeper.unref();
  }

  stats(): { open: number; max: number } {
    return { open: this.idle.length + this.busy.size + this.opening, max: this.max };
  }

  async use<T>(fn: (handle: BoiHandle) => T | Promise<T>): Promise<T> {
    const entry = await this.acquire();
    let broken = false;
    try {
      return await fn(entry.handle);
    } catch (error) {
      if (error instanceof SessionLostError) broken = true;
      else if (!isDocumentError(error) && !isProgrammingError(error)) {
        broken = true;
        throw new SessionLostError(
          `The Sage 100 session failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      this.release(entry, broken);
    }
  }

  private async acquire(): Promise<Entry> {
    if (this.draining) throw new SessionLostError("The agent is paused: Sage 100 sessions are closed.");
    while (this.idle.length > 0) {
      const entry = this.idle.pop()!;
      if (Date.now() - entry.openedAt < this.maxAgeMs) {
        this.busy.add(entry);
        return entry;
      }
      this.closeEntry(entry);
    }
    if (this.stats().open < this.max) {
      this.opening++;
      try {
        const handle = await this.options.open();
        const entry = { handle, openedAt: Date.now(), lastUsedAt: Date.now() };
        this.busy.add(entry);
        return entry;
      } finally {
        this.opening--;
      }
    }
    return new Promise<Entry>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(
          new SessionLostError(`No Sage 100 session became free within ${Math.round(this.acquireTimeoutMs / 1000)} s.`),
        );
      }, this.acquireTimeoutMs);
      const waiter = (entry: Entry | Error) => {
        clearTimeout(timer);
        if (entry instanceof Error) reject(entry);
        else resolve(entry);
      };
      this.waiters.push(waiter);
    });
  }

  private release(entry: Entry, broken: boolean): void {
    this.busy.delete(entry);
    entry.lastUsedAt = Date.now();
    if (broken || this.draining || Date.now() - entry.openedAt >= this.maxAgeMs) {
      this.closeEntry(entry);
      const waiter = this.waiters.shift();
      if (waiter) void this.acquire().then(waiter, waiter);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.busy.add(entry);
      waiter(entry);
    } else this.idle.push(entry);
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of [...this.idle]) {
      if (now - entry.lastUsedAt >= this.idleMs || now - entry.openedAt >= this.maxAgeMs) {
        this.idle.splice(this.idle.indexOf(entry), 1);
        this.closeEntry(entry);
      }
    }
  }

  private closeEntry(entry: Entry): void {
    try {
      this.options.close(entry.handle);
    } catch {
      // closing a dead session may throw; the seat is freed when the COM server drops it
    }
  }

  /** Closes idle sessions now, busy ones as they finish, and refuses new ones until resume(). */
  async drain(): Promise<void> {
    this.draining = true;
    for (const entry of this.idle.splice(0)) this.closeEntry(entry);
    for (const waiter of this.waiters.splice(0)) waiter(new SessionLostError("The agent is pausing."));
    while (this.busy.size > 0) await new Promise((r) => setTimeout(r, 50));
  }

  resume(): void {
    this.draining = false;
  }

  async close(): Promise<void> {
    await this.drain();
    clearInterval(this.sweeper);
  }
}
