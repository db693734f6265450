// Waking the runners at once instead of at their next tick: a Sage 100 change batch wakes the flows that read its
// table, and "Sync now" wakes the company. In this process the in-process runner is told directly (other instances
// still find the work at their next tick: the ledger, not this signal, says what is due); under Inngest an event
// fans out the woken flows' runs.
import { EventEmitter } from "node:events";
import { inngestConfigured } from "./mode";

export type Wake = { companyId: string };

// One emitter per process, even when a framework loads this module twice.
const holder = globalThis as unknown as { ledgerlinkRunnerWake?: EventEmitter };
const bus = (holder.ledgerlinkRunnerWake ??= new EventEmitter().setMaxListeners(50));

/** Listens for wake-ups; returns the function that stops listening. */
export function onRunnerWake(listener: (wake: Wake) => void): () => void {
  bus.on("wake", listener);
  return () => bus.off("wake", listener);
}

export function wakeRunner(wake: Wake): void {
  bus.emit("wake", wake);
}

/**
 * A change batch of these Sage 100 tables was stored for the company: the flows that read them run now under either
 * runner. Best effort: a lost wake-up only means the flow runs at its next tick (in-process) or cron (Inngest).
 */
export async function announceChanges(o: { companyId: string; tables: readonly string[] }): Promise<void> {
  if (!inngestConfigured()) return wakeRunner({ companyId: o.companyId });
  try {
    const [{ inngest }, { CHANGES_ARRIVED }] = await Promise.all([
      import("@/server/jobs/client"),
      import("@/server/jobs/events"),
    ]);
    await inngest.send({ name: CHANGES_ARRIVED, data: { companyId: o.companyId, tables: [...o.tables] } });
  } catch (error) {
    console.error(
      `[sync] could not announce Sage 100 changes for ${o.companyId}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
