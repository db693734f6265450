// In-process wake-ups: a long-polling lease or an awaitCommandResult in this process returns as soon as a command
// is enqueued or completed here. Other processes are told through Postgres (command-wakeups.ts), which re-emits
// their notices here; this emitter is the fast path within one process.
import { EventEmitter } from "node:events";

const holder = globalThis as unknown as { ledgerlinkSage100Events?: EventEmitter };
const events = (holder.ledgerlinkSage100Events ??= new EventEmitter().setMaxListeners(0));

/** Fired when waiters can no longer trust that they will be told (lost or regained LISTEN connection). */
const EVERYONE = "wake:all";

export function notifyEnqueued(companyId: string): void {
  events.emit(`enqueued:${companyId}`);
}

export function notifyCompleted(commandId: string): void {
  events.emit(`completed:${commandId}`);
}

/** Wakes every waiter in this process (each re-reads the table). */
export function wakeEveryone(): void {
  events.emit(EVERYONE);
}

export type Watch = {
  /**
   * Resolves after `ms` (false), or earlier when the event fired since the last wait or fires now, or the signal
   * aborts (true).
   */
  wait(ms: number, signal?: AbortSignal): Promise<boolean>;
  close(): void;
};

/** Starts remembering an event at once, so one that fires between two waits still ends the next wait. */
export function watch(event: `enqueued:${string}`): Watch {
  let fired = false;
  let wake: (() => void) | null = null;
  const on = () => {
    fired = true;
    wake?.();
  };
  events.on(event, on);
  events.on(EVERYONE, on);
  return {
    wait(ms, signal) {
      return new Promise((resolve) => {
        const finish = (woken: boolean) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          wake = null;
          fired = false;
          resolve(woken);
        };
        const done = () => finish(true);
        const timer = setTimeout(() => finish(fired), fired || signal?.aborted ? 0 : ms);
        wake = done;
        signal?.addEventListener("abort", done, { once: true });
      });
    },
    close() {
      events.off(event, on);
      events.off(EVERYONE, on);
      wake = null;
    },
  };
}

/** Resolves after `ms`, or earlier when the event fires or the signal aborts. */
export function waitFor(
  event: `enqueued:${string}` | `completed:${string}`,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.off(event, done);
      events.off(EVERYONE, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    events.on(event, done);
    events.on(EVERYONE, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
