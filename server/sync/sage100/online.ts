// Before a run talks to Sage 100: is the company's agent there to answer? Waiting out a timeout per record for an
// agent that is offline or paused for period-end helps nobody; the run ends at once and says why.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { ONLINE_WITHIN_MS } from "@/server/integrations/sage100/agent-limits";
import type { FlowRun } from "../engine/flow-run";

export async function requireSage100Agent(ctx: FlowRun): Promise<void> {
  const agent = await db.sage100Agent.findUnique({
    where: { activeCompanyId: ctx.companyId },
    select: { lastHeartbeatAt: true, lastSeenAt: true, pausedAt: true },
  });
  const heard = Math.max(agent?.lastHeartbeatAt?.getTime() ?? 0, agent?.lastSeenAt?.getTime() ?? 0);
  const why = !agent
    ? "No Sage 100 agent is paired"
    : agent.pausedAt
      ? "The Sage 100 agent is paused"
      : Date.now() - heard > ONLINE_WITHIN_MS
        ? "The Sage 100 agent is offline"
        : null;
  if (why)
    throw new AppError("UPSTREAM", `${why}; Ledgerlink will sync with Sage 100 when it is back.`, {
      retryClass: "TRANSIENT",
      reason: "AgentUnavailable",
    });
}
