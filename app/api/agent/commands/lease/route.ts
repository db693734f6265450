// POST /api/agent/commands/lease — long poll: up to `max` commands of the agent's own company, each leased for leaseMs.
import { leaseRequestSchema } from "@/agent/src/protocol";
import { BODY_LIMITS } from "@/server/integrations/sage100/agent-limits";
import { leaseCommandsWaiting, releaseAgentLeases } from "@/server/integrations/sage100/command-queue";
import { agentRoute } from "@/server/integrations/sage100/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { bodyLimit: BODY_LIMITS.lease, schema: leaseRequestSchema },
  async ({ agent, body, request }) => {
    // A restarted agent's leases from before its crash are handed out again now, not after they run out.
    if (body.releaseHeld) await releaseAgentLeases(agent);
    // A paused agent (period-end) gets nothing and is told so.
    if (agent.paused) return { commands: [], paused: true };
    const commands = await leaseCommandsWaiting(agent, { ...body, signal: request.signal });
    return { commands, paused: false };
  },
);
