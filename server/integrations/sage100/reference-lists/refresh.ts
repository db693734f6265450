// Reads Sage 100's reference lists through the company's agent (readReferenceLists through the command queue),
// waits a bounded time, and replaces the company's copy of every list read, in one transaction. Refuses at once,
// writing nothing, when no agent could answer (none paired, paused or offline).
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { COMMAND_RESULTS } from "@/agent/src/protocol";
import { REFERENCE_LISTS, type ReferenceList } from "@/agent/src/protocol/reference-lists";
import { db, transaction } from "@/server/db";
import { getAgentStatus } from "../agents";
import { awaitCommandResult, enqueueCommand } from "../command-queue";
import { replaceCachedLists, type FreshList } from "./cache";
import { REFERENCE_LIST_NOUNS, type ListOutcome } from "./labels";

export const REFRESH_TIMEOUT_MS = 20_000;

export type RefreshResult = { fetchedAt: Date; lists: ListOutcome[] };

/** Why no agent can answer now, in words that say what to do; null when one can. */
async function agentProblem(orgId: string, companyId: string): Promise<string | null> {
  const status = await getAgentStatus({ orgId, companyId });
  if (!status.agent)
    return "No Sage 100 agent is paired with this company yet: pair one on the company page, then refresh.";
  if (status.agent.pausedAt)
    return "The Sage 100 agent is paused (period-end): resume it on the company page, then refresh.";
  if (!status.online) return "The Sage 100 agent is offline: start it on the Sage 100 server, then refresh.";
  return null;
}

export async function refreshReferenceLists(o: {
  orgId: string;
  companyId: string;
  userId?: string | null;
  lists?: ReferenceList[];
  timeoutMs?: number;
}): Promise<RefreshResult> {
  const problem = await agentProblem(o.orgId, o.companyId);
  if (problem) throw new AppError("PRECONDITION_FAILED", problem);
  const lists = o.lists ?? [...REFERENCE_LISTS];
  const timeoutMs = o.timeoutMs ?? REFRESH_TIMEOUT_MS;
  // A fresh key each time: the lists change in Sage, so an earlier read is never the answer.
  const { command } = await enqueueCommand({
    orgId: o.orgId,
    companyId: o.companyId,
    userId: o.userId ?? null,
    command: { type: "readReferenceLists", payload: { lists } },
    idempotencyKey: `readReferenceLists:${randomUUID()}`,
    maxAttempts: 1,
  });
  const done = await awaitCommandResult({ companyId: o.companyId, commandId: command.id, timeoutMs });
  if (done.status !== "DONE" && done.status !== "FAILED") {
    // Not taken in time: withdrawn, so it does not run later for nobody (one already taken is left to finish).
    await db.sage100Command.updateMany({
      where: { id: command.id, companyId: o.companyId, status: "QUEUED" },
      data: {
        status: "FAILED",
        completedAt: new Date(),
        errorCode: "WITHDRAWN",
        errorMessage: "Withdrawn: the agent did not take it in time.",
        retryClass: "TRANSIENT",
      },
    });
    throw new AppError(
      "UPSTREAM",
      `The Sage 100 agent did not answer within ${Math.round(timeoutMs / 1000)} seconds (it may be busy with a sync). Try again in a minute.`,
      { retryClass: "TRANSIENT", reason: "AgentTimeout" },
    );
  }
  if (done.status === "FAILED")
    throw new AppError(
      "UPSTREAM",
      `Sage 100's lists could not be read: ${done.errorMessage ?? "the agent gave no reason."}`,
      { reason: done.errorCode ?? undefined },
    );

  const result = COMMAND_RESULTS.readReferenceLists.parse(done.result);
  const fresh: FreshList[] = [];
  const outcomes: ListOutcome[] = [];
  for (const list of lists) {
    const outcome = result[list];
    if (outcome?.ok) {
      fresh.push({ list, rows: outcome.rows, truncated: outcome.truncated } as FreshList);
      outcomes.push({ list, rowCount: outcome.rows.length, truncated: outcome.truncated, error: null });
    } else {
      outcomes.push({
        list,
        rowCount: null,
        truncated: false,
        error: outcome ? outcome.error.message : "the agent did not answer for this list.",
      });
    }
  }
  if (fresh.length === 0) {
    throw new AppError(
      "UPSTREAM",
      `Sage 100's lists could not be read: ${outcomes.map((l) => `${REFERENCE_LIST_NOUNS[l.list].many}: ${l.error}`).join(" ")}`,
    );
  }
  const fetchedAt = done.completedAt ?? new Date();
  await transaction((tx) => replaceCachedLists(tx, o.companyId, fresh, fetchedAt));
  return { fetchedAt, lists: outcomes };
}
