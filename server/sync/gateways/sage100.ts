// The engine's way to Sage 100: a command through the agent's durable queue, awaited for a while. The
// idempotency key makes a re-run after a crash find the command (and the document) instead of doubling it.
import { createHash } from "node:crypto";
import { AppError, type RetryClass } from "@/lib/errors";
import { COMMAND_RESULTS, type CommandInput, type CommandType, type ResultOf } from "@/agent/src/protocol";
import { db } from "@/server/db";
import { awaitCommandResult, enqueueCommand } from "@/server/integrations/sage100/command-queue";
import { stableStringify } from "@/server/integrations/kashflow/hash";

export type Sage100Gateway = {
  execute<T extends CommandType>(command: Extract<CommandInput, { type: T }>, o?: { key?: string; timeoutMs?: number }): Promise<ResultOf<T>>;
};

/** The same command (type + payload) always gets the same key: a re-run finds it. */
export function commandKey(command: CommandInput): string {
  return `${command.type}:${createHash("sha256").update(stableStringify(command.payload)).digest("hex").slice(0, 32)}`;
}

export function sage100Gateway(o: { orgId: string; companyId: string; timeoutMs?: number }): Sage100Gateway {
  return {
    async execute(command, options) {
      const key = options?.key ?? commandKey(command);
      const { command: queued, created } = await enqueueCommand({ orgId: o.orgId, companyId: o.companyId, command, idempotencyKey: key });
      // A command that failed before is tried again when we come back to it deliberately (the agent checks before it creates).
      if (!created && queued.status === "FAILED") {
        await db.sage100Command.update({ where: { id: queued.id }, data: { status: "QUEUED", attempts: 0, availableAt: new Date(), errorCode: null, errorMessage: null, retryClass: null, completedAt: null } });
      }
      const done = await awaitCommandResult({ companyId: o.companyId, commandId: queued.id, timeoutMs: options?.timeoutMs ?? o.timeoutMs ?? 30_000 });
      if (done.status === "DONE") return COMMAND_RESULTS[command.type].parse(done.result) as ResultOf<typeof command.type>;
      if (done.status === "FAILED") {
        throw new AppError("UPSTREAM", done.errorMessage ?? "Sage 100 refused the change.", { retryClass: (done.retryClass as RetryClass | null) ?? "BUG", reason: done.errorCode ?? undefined });
      }
      throw new AppError("UPSTREAM", "The Sage 100 agent has not answered yet (offline, paused or busy). Ledgerlink will try again.", { retryClass: "TRANSIENT", reason: "AgentTimeout" });
    },
  };
}
