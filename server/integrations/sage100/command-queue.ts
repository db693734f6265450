// The command queue to a company's agent, durable in Postgres: enqueue (idempotent per company), lease with an
// expiry (FOR UPDATE SKIP LOCKED, so concurrent long polls never hand out one command twice), complete or fail
// (TRANSIENT failures come back after a backoff), and hand out again leases whose agent went silent. A waiting long
// poll costs nothing while idle: it sleeps until a NOTIFY (any instance), or the next backoff or lease expiry it
// knows of.
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { db, Prisma, transaction } from "@/server/db";
import {
  COMMAND_RESULTS,
  commandSchema,
  type CommandInput,
  type CommandOutcome,
  type LeasedCommand,
} from "@/agent/src/protocol";
import { retryDelayMs } from "./agent-limits";
import type { AuthenticatedAgent } from "./authenticate-agent";
import { notifyCompleted, waitFor, watch } from "./command-events";
import { announceEnqueued, listeningForWakeups } from "./command-wakeups";

export const COMMAND_VIEW = {
  id: true,
  type: true,
  idempotencyKey: true,
  status: true,
  attempts: true,
  maxAttempts: true,
  result: true,
  warnings: true,
  errorCode: true,
  errorMessage: true,
  retryClass: true,
  createdAt: true,
  completedAt: true,
  leaseExpiresAt: true,
} as const;

export type CommandView = Prisma.Sage100CommandGetPayload<{ select: typeof COMMAND_VIEW }>;

/** Queues a command; the same idempotency key for the same company returns the command already queued. */
export async function enqueueCommand(input: {
  orgId: string;
  companyId: string;
  userId?: string | null;
  command: CommandInput;
  idempotencyKey: string;
  maxAttempts?: number;
}) {
  const parsed = commandSchema.safeParse(input.command);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `The ${String((input.command as { type?: unknown }).type)} command is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  // Raw SQL with the payload as JSON text: Prisma's walk of a 50-invoice payload cost more than the insert itself.
  // The tenant check rides in the same statement: a company of another organization inserts nothing.
  const id = newId();
  const inserted = await db.$queryRaw<Array<{ createdAt: Date }>>`
    INSERT INTO "Sage100Command" ("id", "companyId", "type", "payload", "idempotencyKey", "maxAttempts", "createdById", "updatedAt")
    SELECT ${id}, c."id", ${parsed.data.type}, ${JSON.stringify(parsed.data.payload)}::jsonb, ${input.idempotencyKey},
      ${input.maxAttempts ?? 5}, ${input.userId ?? null}, now()
    FROM "Company" c WHERE c."id" = ${input.companyId} AND c."orgId" = ${input.orgId}
    ON CONFLICT ("companyId", "idempotencyKey") DO NOTHING
    RETURNING "createdAt"`;
  if (inserted[0]) {
    await announceEnqueued(input.companyId);
    const command: CommandView = {
      id,
      type: parsed.data.type,
      idempotencyKey: input.idempotencyKey,
      status: "QUEUED",
      attempts: 0,
      maxAttempts: input.maxAttempts ?? 5,
      result: null,
      warnings: null,
      errorCode: null,
      errorMessage: null,
      retryClass: null,
      createdAt: inserted[0].createdAt,
      completedAt: null,
      leaseExpiresAt: null,
    };
    return { command, created: true };
  }
  // Nothing inserted: the same command was queued before — or the company is not this organization's.
  const command = await db.sage100Command.findFirst({
    where: {
      companyId: input.companyId,
      idempotencyKey: input.idempotencyKey,
      company: { orgId: input.orgId },
    },
    select: COMMAND_VIEW,
  });
  if (!command) throw AppError.notFound("Company");
  return { command, created: false };
}

const LEASE_EXPIRED_MESSAGE =
  "The agent took this command and went silent before reporting a result; it was handed out again.";

/** Leases whose agent went silent go back to the queue (or fail for good after maxAttempts). */
export async function requeueExpiredLeases(scope: { companyId?: string } = {}): Promise<number> {
  const companyFilter = scope.companyId ? Prisma.sql`AND "companyId" = ${scope.companyId}` : Prisma.empty;
  return db.$executeRaw`
    UPDATE "Sage100Command" SET
      status = (CASE WHEN attempts >= "maxAttempts" THEN 'FAILED' ELSE 'QUEUED' END)::"Sage100CommandStatus",
      "leaseExpiresAt" = NULL,
      "errorCode" = 'LEASE_EXPIRED',
      "errorMessage" = ${LEASE_EXPIRED_MESSAGE},
      "retryClass" = 'TRANSIENT',
      "completedAt" = CASE WHEN attempts >= "maxAttempts" THEN now() ELSE NULL END,
      "updatedAt" = now()
    WHERE status = 'LEASED' AND "leaseExpiresAt" < now() ${companyFilter}`;
}

const AGENT_RESTARTED_MESSAGE = "The agent restarted before reporting a result; it was handed out again at once.";

/**
 * An agent that has just started holds no command: those still leased to it (by the process that crashed) go back
 * to the queue now instead of when their lease runs out — or fail for good when out of attempts.
 */
export async function releaseAgentLeases(agent: Pick<AuthenticatedAgent, "agentId" | "companyId">): Promise<number> {
  const released = await db.$executeRaw`
    UPDATE "Sage100Command" SET
      status = (CASE WHEN attempts >= "maxAttempts" THEN 'FAILED' ELSE 'QUEUED' END)::"Sage100CommandStatus",
      "leaseExpiresAt" = NULL,
      "availableAt" = now(),
      "errorCode" = 'AGENT_RESTARTED',
      "errorMessage" = ${AGENT_RESTARTED_MESSAGE},
      "retryClass" = 'TRANSIENT',
      "completedAt" = CASE WHEN attempts >= "maxAttempts" THEN now() ELSE NULL END,
      "updatedAt" = now()
    WHERE "companyId" = ${agent.companyId} AND "agentId" = ${agent.agentId} AND status = 'LEASED'`;
  if (released > 0) console.info(`[sage100] agent ${agent.agentId} restarted: ${released} leased command(s) released`);
  return released;
}

type LeaseRow = {
  id: string | null;
  type: string;
  payload: unknown;
  idempotencyKey: string;
  attempts: number;
  leaseExpiresAt: Date;
  createdAt: Date;
  nextDueMs: number | null;
};

/**
 * One statement: fails expired leases that are out of attempts, leases the oldest available commands (queued ones
 * past their backoff, and expired leases, handed out again), and says in how many milliseconds the next command
 * becomes available by itself (a backoff ending, a lease expiring) — null when none will without a new enqueue.
 */
async function leaseOrNextDue(
  agent: Pick<AuthenticatedAgent, "agentId" | "companyId">,
  options: { max: number; leaseMs: number },
) {
  const rows = await db.$queryRaw<LeaseRow[]>`
    WITH exhausted AS (
      UPDATE "Sage100Command" SET
        status = 'FAILED', "leaseExpiresAt" = NULL, "errorCode" = 'LEASE_EXPIRED', "errorMessage" = ${LEASE_EXPIRED_MESSAGE},
        "retryClass" = 'TRANSIENT', "completedAt" = now(), "updatedAt" = now()
      WHERE "companyId" = ${agent.companyId} AND status = 'LEASED' AND "leaseExpiresAt" < now() AND attempts >= "maxAttempts"
      RETURNING id
    ), picked AS (
      SELECT id, status AS was FROM "Sage100Command"
      WHERE "companyId" = ${agent.companyId}
        AND ((status = 'QUEUED' AND "availableAt" <= now()) OR (status = 'LEASED' AND "leaseExpiresAt" < now() AND attempts < "maxAttempts"))
      ORDER BY "createdAt", id
      LIMIT ${options.max}
      FOR UPDATE SKIP LOCKED
    ), leased AS (
      UPDATE "Sage100Command" AS c SET
        status = 'LEASED',
        "agentId" = ${agent.agentId},
        "leaseExpiresAt" = now() + (${options.leaseMs} * interval '1 millisecond'),
        attempts = c.attempts + 1,
        "errorCode" = CASE WHEN p.was = 'LEASED' THEN 'LEASE_EXPIRED' ELSE c."errorCode" END,
        "errorMessage" = CASE WHEN p.was = 'LEASED' THEN ${LEASE_EXPIRED_MESSAGE} ELSE c."errorMessage" END,
        "retryClass" = CASE WHEN p.was = 'LEASED' THEN 'TRANSIENT' ELSE c."retryClass" END,
        "updatedAt" = now()
      FROM picked p
      WHERE c.id = p.id
      RETURNING c.id, c.type, c.payload, c."idempotencyKey", c.attempts, c."leaseExpiresAt", c."createdAt"
    )
    SELECT id, type, payload, "idempotencyKey", attempts, "leaseExpiresAt", "createdAt", NULL::float8 AS "nextDueMs" FROM leased
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, (EXTRACT(EPOCH FROM (min(due) - now())) * 1000)::float8 FROM (
      SELECT "availableAt" AS due FROM "Sage100Command" WHERE "companyId" = ${agent.companyId} AND status = 'QUEUED' AND "availableAt" > now()
      UNION ALL
      SELECT "leaseExpiresAt" FROM "Sage100Command" WHERE "companyId" = ${agent.companyId} AND status = 'LEASED' AND "leaseExpiresAt" >= now()
    ) upcoming`;
  const leased = rows.filter((r): r is LeaseRow & { id: string } => r.id !== null);
  // RETURNING has no order: hand them out oldest first, as they were picked.
  leased.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const commands: LeasedCommand[] = leased.map((r) => ({
    id: r.id,
    type: r.type as LeasedCommand["type"],
    payload: r.payload,
    idempotencyKey: r.idempotencyKey,
    attempt: r.attempts,
    leaseExpiresAt: r.leaseExpiresAt.toISOString(),
  }));
  const nextDueMs = rows.find((r) => r.id === null)?.nextDueMs ?? null;
  return { commands, nextDueMs: nextDueMs === null ? null : Math.max(0, nextDueMs) };
}

export async function leaseCommands(
  agent: Pick<AuthenticatedAgent, "agentId" | "companyId">,
  options: { max: number; leaseMs: number },
): Promise<LeasedCommand[]> {
  return (await leaseOrNextDue(agent, options)).commands;
}

/** Without the LISTEN connection (starting, or lost), a waiting poll re-reads the queue this often. */
const UNLISTENED_POLL_MS = 1_000;

/**
 * Long poll: leases at once if work is waiting, else sleeps until a command is announced for the company (in this
 * process or, through Postgres, any other), the next backoff or lease expiry, or the deadline — no query meanwhile.
 */
export async function leaseCommandsWaiting(
  agent: AuthenticatedAgent,
  options: { max: number; leaseMs: number; waitMs: number; signal?: AbortSignal; pollMs?: number },
): Promise<LeasedCommand[]> {
  const deadline = Date.now() + options.waitMs;
  // Watching before the first read: an announcement arriving while a lease query runs is not lost.
  const announced = watch(`enqueued:${agent.companyId}`);
  try {
    for (;;) {
      const { commands, nextDueMs } = await leaseOrNextDue(agent, options);
      const remaining = deadline - Date.now();
      if (commands.length > 0 || remaining <= 0 || options.signal?.aborted) return commands;
      const fallback = listeningForWakeups() ? Infinity : (options.pollMs ?? UNLISTENED_POLL_MS);
      // A due time a few ms late is fine; never a busy loop on one that is already due.
      const woken = await announced.wait(
        Math.min(remaining, fallback, nextDueMs === null ? Infinity : Math.max(nextDueMs + 5, 25)),
        options.signal,
      );
      // Nothing announced by the deadline: the agent's next poll, right after this one, reads the queue first anyway.
      if (!woken && Date.now() >= deadline) return [];
    }
  } finally {
    announced.close();
  }
}

/** Records the agent's outcome. Only the agent's own company's commands are found; malformed results are refused. */
export async function completeCommand(
  agent: Pick<AuthenticatedAgent, "agentId" | "companyId">,
  commandId: string,
  outcome: CommandOutcome,
) {
  const done = await transaction(async (tx) => {
    const [command] = await tx.$queryRaw<
      Array<{ id: string; type: string; status: string; agentId: string | null; attempts: number; maxAttempts: number }>
    >`
      SELECT id, type, status::text AS status, "agentId", attempts, "maxAttempts" FROM "Sage100Command"
      WHERE id = ${commandId} AND "companyId" = ${agent.companyId} FOR UPDATE`;
    if (!command) throw AppError.notFound("Command");
    if (command.status === "DONE" || command.status === "FAILED")
      throw new AppError("CONFLICT", `Command ${commandId} already has a result (${command.status}).`);
    const now = new Date();
    if (outcome.status === "done") {
      // A late success is still the truth (the document exists), whoever holds the lease now.
      const schema = COMMAND_RESULTS[command.type as keyof typeof COMMAND_RESULTS];
      const checked = schema?.safeParse(outcome.result);
      if (!checked?.success)
        throw new AppError(
          "BAD_REQUEST",
          `The result does not match a ${command.type} result: ${checked?.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ") ?? "unknown command type"}`,
        );
      // The result as JSON text: Prisma's walk of a batch's results cost more than the update itself.
      await tx.$executeRaw`
        UPDATE "Sage100Command" SET "status" = 'DONE', "result" = ${JSON.stringify(checked.data)}::jsonb,
          "warnings" = ${JSON.stringify(outcome.warnings)}::jsonb, "errorCode" = NULL, "errorMessage" = NULL,
          "retryClass" = NULL, "leaseExpiresAt" = NULL, "completedAt" = ${now.toISOString()}::timestamp(3),
          "updatedAt" = ${now.toISOString()}::timestamp(3)
        WHERE id = ${commandId}`;
      return "DONE";
    }
    // A failure only counts from the agent holding the lease; a stale one must not undo a re-delivery.
    if (command.status !== "LEASED" || command.agentId !== agent.agentId)
      throw new AppError("CONFLICT", `Command ${commandId} is no longer leased to this agent.`);
    const retry =
      (outcome.error.retryClass === "TRANSIENT" || outcome.error.retryClass === "RATE_LIMITED") &&
      command.attempts < command.maxAttempts;
    const error = {
      errorCode: outcome.error.code,
      errorMessage: outcome.error.message,
      retryClass: outcome.error.retryClass,
    };
    await tx.sage100Command.update({
      where: { id: commandId },
      data: retry
        ? {
            ...error,
            status: "QUEUED",
            leaseExpiresAt: null,
            availableAt: new Date(now.getTime() + retryDelayMs(command.attempts)),
            result: { error: outcome.error },
          }
        : { ...error, status: "FAILED", leaseExpiresAt: null, completedAt: now, result: { error: outcome.error } },
    });
    return retry ? "QUEUED" : "FAILED";
  });
  notifyCompleted(commandId);
  // A retry is queued again: a poll already waiting (the agent's next one may be) learns its backoff.
  if (done === "QUEUED") await announceEnqueued(agent.companyId);
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
export async function awaitCommandResult({
  companyId,
  commandId,
  timeoutMs,
  pollMs = 250,
}: {
  companyId: string;
  commandId: string;
  timeoutMs: number;
  pollMs?: number;
}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const command = await getCommand({ companyId, commandId });
    const remaining = deadline - Date.now();
    if (command.status === "DONE" || command.status === "FAILED" || remaining <= 0) return command;
    await waitFor(`completed:${commandId}`, Math.min(pollMs, remaining));
  }
}

export async function listRecentCommands({
  orgId,
  companyId,
  take = 10,
}: {
  orgId: string;
  companyId: string;
  take?: number;
}) {
  const company = await db.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } });
  if (!company) throw AppError.notFound("Company");
  return db.sage100Command.findMany({
    where: { companyId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: COMMAND_VIEW,
  });
}
