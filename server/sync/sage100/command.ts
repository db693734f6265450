// Master-data commands to Sage 100. Every call gets a fresh idempotency key: reads must be read again, and an upsert
// keyed by the record's own Sage key is safe to repeat — while a key derived from the payload would hand back an old
// result for a value that was written once, changed in Sage, and is written again. Retries go back to the ledger.
import type { CommandInput, CommandType, ResultOf } from "@/agent/src/protocol";
import type { FlowRun } from "../engine/flow-run";

export function sage100Command<T extends CommandType>(
  ctx: FlowRun,
  command: Extract<CommandInput, { type: T }>,
  timeoutMs?: number,
): Promise<ResultOf<T>> {
  return ctx.ask(command, { key: "fresh", ...(timeoutMs ? { timeoutMs } : {}) });
}
