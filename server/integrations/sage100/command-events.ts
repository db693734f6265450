// In-process wake-ups: a long-polling lease or an awaitCommandResult in this process returns as soon as a command
// is enqueued or completed here. Other processes find out by polling the table, so this is only a shortcut.
import { EventEmitter } from "node:events";

const holder = globalThis as unknown as { ledgerlinkSage100Events?: EventEmitter };
const events = (holder.ledgerlinkSage100Events ??= new EventEmitter().setMaxListeners(0));

export function notifyEnqueued(companyId: string): void {
  events.emit(`enqueued:${companyId}`);
}

export function notifyCompleted(commandId: string): void {
  events.emit(`completed:${commandId}`);
}

/** Resolves after `ms`, or earlier when the event fires or the signal aborts. */
export function waitFor(event: `enqueued:${string}` | `completed:${string}`, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.off(event, done);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    events.on(event, done);
    signal?.addEventListener("abort", done, { once: true });
  });
}
