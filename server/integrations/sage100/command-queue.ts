// The command queue to a company's agent, durable in Postgres: enqueue (idempotent per company), lease with an
// expiry (FOR UPDATE SKIP LOCKED, so concurrent long polls never hand out one command twice), complete or fail
// (TRANSIENT failures come back after a backoff), and re-queue leases whose agent went silent.
import { AppError } from "@/lib/errors";
import { db, Prisma, transaction } from "@/server/db";
import { COMMAND_RESULTS, commandSchema, type CommandInput, type CommandOutcome, type LeasedCommand } from "@/agent/src/protocol";
import { retryDelayMs } from "./agent-limits";
import type { AuthenticatedAgent } from "./authenticate-agent";
import { notifyCompleted, notifyEnqueued, waitFor } from "./command-events";

export const COMMAND_VIEW = {
  id: true, type: true, idempotencyKey: true, status: true, attempts: true, maxAttempts: true, result: true, warnings: true,
  errorCode: true, errorMessage: true, retryClass: true, createdAt: true, completedAt: true, leaseExpiresAt: true,
} as const;

/** Queues a command; the same idempotency key for the same company returns the command already queued. */
export async function enqueueCommand(input: { orgId: string; companyId: string; userId?: string | null; command: CommandInput; idempotencyKey: string; maxAttempts?: number }) {
  const parsed = commandSchema.safeParse(input.command);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `The ${String((input.command as { type?: unknown }).type)} command is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const company = await db.company.findFirst({ where: { id: input.companyId, orgId: input.orgId }, select: { id: true } });
  if (!company) throw AppError.notFound("Company");
  try {
    const command = await db.sage100Command.create({
      data: {
        companyId: input.companyId,
        type: parsed.data.type,
        payload: parsed.data.payload as Prisma.InputJsonValue,
        idempotencyKey: input.idempotencyKey,
        maxAttempts: input.maxAttempts ?? 5,
        createdById: input.userId ?? null,
      },
      select: COMMAND_VIEW,
    });
    notifyEnqueued(input.companyId);
    return { command, created: true };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const command = await db.sage100Command.findUniqueOrThrow({ where: { companyId_idempotencyKey: { companyId: input.companyId, idempotencyKey: input.idempotencyKey } }, select: COMMAND_VIEW });
    return { command, created: false };
  }
}

/** Leases whose agent went silent go back to the queue (or fail for good after maxAttempts). */
export async function requeueExpiredLeases(scope: { companyId?: string } = {}): Promise<number> {
  const companyFilter = scope.companyId ? Prisma.sql`AND "companyId" = ${scope.companyId}` : Prisma.empty;
  return db.$executeRaw`
    UPDATE "Sage100Command" SET
      status = (CASE WHEN attempts >= "maxAttempts" THEN 'FAILED' ELSE 'QUEUED' END)::"Sage100CommandStatus",
      "leaseExpiresAt" = NULL,
      "errorCode" = 'LEASE_EXPIRED',
      "errorMessage" = 'The agent took this command and went silent before reporting a result; it was handed out again.',
      "retryClass" = 'TRANSIENT',
      "completedAt" = CASE WHEN attempts >= "maxAttempts" THEN now() ELSE NULL END,
      "updatedAt" = now()
    WHERE status = 'LEASED' AND "leaseExpiresAt" < now() ${companyFilter}`;
}

type LeasedRow = { id: string; type: string; payload: unknown; idempotencyKey: string; attempts: number; leaseExpiresAt: Date; createdAt: Date };

export async function leaseCommands(agent: Pick<AuthenticatedAgent, "agentId" | "companyId">, options: { max: number; leaseMs: number }): Promise<LeasedCommand[]> {
  await requeueExpiredLeases({ companyId: agent.companyId });
  const rows = await db.$queryRaw<LeasedRow[]>`
    UPDATE "Sage100Command" AS c SET
      status = 'LEASED',
      "agentId" = ${agent.agentId},
      "leaseExpiresAt" = now() + (${options.leaseMs} * interval '1 millisecond'),
      attempts = c.attempts + 1,
      "updatedAt" = now()
    WHERE c.id IN (
      SELECT id FROM "Sage100Command"
      WHERE "companyId" = ${agent.companyId} AND status = 'QUEUED' AND "availableAt" <= now()
      ORDER BY "createdAt", id
      LIMIT ${options.max}
      FOR UPDATE SKIP LOCKED)
    RETURNING c.id, c.type, c.payload, c."idempotencyKey", c.attempts, c."leaseExpiresAt", c."createdAt"`;
  // RETURNING has no order: hand them out oldest first, as they were picked.
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return rows.map((r) => ({
    id: r.id,
    type: r.type as LeasedCommand["type"],
    payload: r.payload,
    idempotencyKey: r.idempotencyKey,
    attempt: r.attempts,
    leaseExpiresAt: r.leaseExpiresAt.toISOString(),
  }));
}

/** Long poll: leases at once if work is waiting, else waits (woken in-process, polling the table otherwise). */
export async function leaseCommandsWaiting(
  agent: AuthenticatedAgent,
  options: { max: number; leaseMs: number; waitMs: number; signal?: AbortSignal; pollMs?: number },
): Promise<LeasedCommand[]> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const leased = await leaseCommands(agent, options);
    const remaining = deadline - Date.now();
    if (leased.length > 0 || remaining <= 0 || options.signal?.aborted) return leased;
    await waitFor(`enqueued:${agent.companyId}`, Math.min(remaining, options.pollMs ?? 1_000), options.signal);
  }
}

/** Records the agent's outcome. Only the agent's own company's commands are found; malformed results are refused. */
export async function completeCommand(agent: Pick<AuthenticatedAgent, "agentId" | "companyId">, commandId: string, outcome: CommandOutcome) {
  const done = await transaction(async (tx) => {
    const [command] = await tx.$queryRaw<Array<{ id: string; type: string; status: string; agentId: string | null; attempts: number; maxAttempts: number }>>`
      SELECT id, type, status::text AS status, "agentId", attempts, "maxAttempts" FROM "Sage100Command"
      WHERE id = ${commandId} AND "companyId" = ${agent.companyId} FOR UPDATE`;
    if (!command) throw AppError.notFound("Command");
    if (command.status === "DONE" || command.status === "FAILED") throw new AppError("CONFLICT", `Command ${commandId} already has a result (${command.status}).`);
    const now = new Date();
    if (outcome.status === "done") {
      // A late success is still the truth (the document exists), whoever holds the lease now.
      const schema = COMMAND_RESULTS[command.type as keyof typeof COMMAND_RESULTS];
      const checked = schema?.safeParse(outcome.result);
      if (!checked?.success) throw new AppError("BAD_REQUEST", `The result does not match a ${command.type} result: ${checked?.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ") ?? "unknown command type"}`);
      await tx.sage100Command.update({
        where: { id: commandId },
        data: { status: "DONE", result: checked.data as Prisma.InputJsonValue, warnings: outcome.warnings, errorCode: null, errorMessage: null, retryClass: null, leaseExpiresAt: null, completedAt: now },
      });
      return "DONE";
    }
    // A failure only counts from the agent holding the lease; a stale one must not undo a re-delivery.
    if (command.status !== "LEASED" || command.agentId !== agent.agentId) throw new AppError("CONFLICT", `Command ${commandId} is no longer leased to this agent.`);
    const retry = (outcome.error.retryClass === "TRANSIENT" || outcome.error.retryClass === "RATE_LIMITED") && command.attempts < command.maxAttempts;
    const error = { errorCode: outcome.error.code, errorMessage: outcome.error.message, retryClass: outcome.error.retryClass };
    await tx.sage100Command.update({
      where: { id: commandId },
      data: retry
        ? { ...error, status: "QUEUED", leaseExpiresAt: null, availableAt: new Date(now.getTime() + retryDelayMs(command.attempts)), result: { error: outcome.error } }
        : { ...error, status: "FAILED", leaseExpiresAt: null, completedAt: now, result: { error: outcome.error } },
    });
    return retry ? "QUEUED" : "FAILED";
  });
  notifyCompleted(commandId);
  return { accepted: true, status: done };
}

export async function getCommand({ companyId, commandId }: { companyId: string; commandId: string }) {
  const command = await db.sage100Command.findFirst({ where: { id: commandId, companyId }, select: COMMAND_VIEW });
  if (!command) throw AppError.notFound("Command");
  return command;
}

/**
 * Waits for a command's final state by polling the table (the truth survives restarts of either side); returns the
 * command as it stands at the deadline when it is not final yet.
 */
export async function awaitCommandResult({ companyId, commandId, timeoutMs, pollMs = 250 }: { companyId: string; commandId: string; timeoutMs: number; pollMs?: number }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const command = await getCommand({ companyId, commandId });
    const remaining = deadline - Date.now();
    if (command.status === "DONE" || command.status === "FAILED" || remaining <= 0) return command;
    await waitFor(`completed:${commandId}`, Math.min(pollMs, remaining));
  }
}

export async function listRecentCommands({ orgId, companyId, take = 10 }: { orgId: string; companyId: string; take?: number }) {
  const company = await db.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
  if (!company) throw AppError.notFound("Company");
  return db.sage100Command.findMany({ where: { companyId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take, select: COMMAND_VIEW });
}
