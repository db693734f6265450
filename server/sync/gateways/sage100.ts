// The engine's way to Sage 100: a command through the agent's durable queue, awaited for a while. The
// idempotency key makes a re-run after a crash find the command (and the document) instead of doubling it.
import { createHash } from "node:crypto";
import { AppError, type RetryClass } from "@/lib/errors";
import { COMMAND_RESULTS, type CommandInput, type CommandType, type ResultOf } from "@/agent/src/protocol";
import { db } from "@/server/db";
import { awaitCommandResult, enqueueCommand, getCommand } from "@/server/integrations/sage100/command-queue";
import { waitFor } from "@/server/integrations/sage100/command-events";
import { stableStringify } from "@/server/integrations/kashflow/hash";

export type ExecuteOptions = {
  key?: string;
  timeoutMs?: number;
  /**
   * Hand retries back to the ledger: when an attempt fails and the queue would try again later (a locked record, a
   * dead session), or the wait runs out before the agent took it, the command is withdrawn and a TRANSIENT error
   * returned at once, so the record waits out its own backoff instead of the run. Withdrawn, a stale command can
   * never overwrite a newer write; asking again with the same key re-queues it.
   */
  retryInLedger?: boolean;
};

/** Commands that only read Sage 100: the only ones a read-only gateway (a company in set-up) sends. */
export const READ_ONLY_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>([
  "ping",
  "findDocument",
  "readChanges",
  "readInvoicePayments",
  "checkPostingDate",
  "readReferenceLists",
]);

export type Sage100Gateway = {
  execute<T extends CommandType>(command: Extract<CommandInput, { type: T }>, o?: ExecuteOptions): Promise<ResultOf<T>>;
};

/** The same command (type + payload) always gets the same key: a re-run finds it. */
export function commandKey(command: CommandInput): string {
  return `${command.type}:${createHash("sha256").update(stableStringify(command.payload)).digest("hex").slice(0, 32)}`;
}

export function sage100Gateway(o: {
  orgId: string;
  companyId: string;
  timeoutMs?: number;
  readOnly?: boolean;
}): Sage100Gateway {
  return {
    async execute(command, options) {
      // Refused before it reaches the queue: a company in set-up writes nothing, not even a queued command.
      if (o.readOnly && !READ_ONLY_COMMANDS.has(command.type)) {
        throw new AppError(
          "PRECONDITION_FAILED",
          `Not sent to Sage 100 (${command.type}): this company is not syncing yet, so Ledgerlink only reads.`,
          { retryClass: "NEEDS_USER", reason: "ReadOnly" },
        );
      }
      const key = options?.key ?? commandKey(command);
      const { command: queued, created } = await enqueueCommand({
        orgId: o.orgId,
        companyId: o.companyId,
        command,
        idempotencyKey: key,
      });
      // A command that failed before is tried again when we come back to it deliberately (the agent checks before it creates).
      if (!created && queued.status === "FAILED") {
        await db.sage100Command.update({
          where: { id: queued.id },
          data: {
            status: "QUEUED",
            attempts: 0,
            availableAt: new Date(),
            errorCode: null,
            errorMessage: null,
            retryClass: null,
            completedAt: null,
          },
        });
      }
      const timeoutMs = options?.timeoutMs ?? o.timeoutMs ?? 30_000;
      const done = options?.retryInLedger
        ? await awaitOrWithdraw(
            o.companyId,
            queued.id,
            created || queued.status === "FAILED" ? 0 : queued.attempts,
            timeoutMs,
            created,
          )
        : await awaitCommandResult({ companyId: o.companyId, commandId: queued.id, timeoutMs });
      if (done.status === "DONE")
        return COMMAND_RESULTS[command.type].parse(done.result) as ResultOf<typeof command.type>;
      if (done.status === "FAILED") {
        throw new AppError("UPSTREAM", done.errorMessage ?? "Sage 100 refused the change.", {
          retryClass: (done.retryClass as RetryClass | null) ?? "BUG",
          reason: done.errorCode ?? undefined,
        });
      }
      if (done.status === "WITHDRAWN") {
        throw new AppError(
          "UPSTREAM",
          done.errorMessage ?? "Sage 100 could not take the change just now. Ledgerlink will try again.",
          { retryClass: "TRANSIENT", reason: done.errorCode ?? "Retry" },
        );
      }
      throw new AppError(
        "UPSTREAM",
        "The Sage 100 agent has not answered yet (offline, paused or busy). Ledgerlink will try again.",
        { retryClass: "TRANSIENT", reason: "AgentTimeout" },
      );
    },
  };
}

type CommandState = {
  status: string;
  result: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  retryClass: string | null;
};

/** Waits for the result; a failed attempt that went back to the queue, or a command never taken in time, is withdrawn. */
async function awaitOrWithdraw(
  companyId: string,
  commandId: string,
  attemptsBefore: number,
  timeoutMs: number,
  fresh = false,
): Promise<CommandState> {
  const deadline = Date.now() + timeoutMs;
  // A command queued just now cannot be done yet: wait for its completion (or the first poll interval) before asking.
  if (fresh) await waitFor(`completed:${commandId}`, Math.min(250, timeoutMs));
  for (;;) {
    const c = await getCommand({ companyId, commandId });
    if (c.status === "DONE" || c.status === "FAILED") return c;
    const retried = c.status === "QUEUED" && c.attempts > attemptsBefore;
    if (retried || Date.now() >= deadline) {
      // Only a command still waiting in the queue can be withdrawn; one the agent holds is awaited a little longer.
      const withdrawn = await db.sage100Command.updateMany({
        where: { id: commandId, companyId, status: "QUEUED" },
        data: {
          status: "FAILED",
          completedAt: new Date(),
          errorCode: c.errorCode ?? "WITHDRAWN",
          errorMessage: c.errorMessage ?? "Withdrawn: the agent did not take it in time.",
          retryClass: "TRANSIENT",
        },
      });
      if (withdrawn.count === 1) return { ...c, status: retried ? "WITHDRAWN" : "TIMEOUT" };
      if (Date.now() >= deadline + timeoutMs) return { ...c, status: "TIMEOUT" };
    }
    await waitFor(`completed:${commandId}`, Math.min(250, Math.max(10, deadline - Date.now())));
  }
}
