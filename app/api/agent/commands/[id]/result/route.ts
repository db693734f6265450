// POST /api/agent/commands/:id/result — the outcome of a leased command (only the agent's own company's commands).
import { commandOutcomeSchema } from "@/agent/src/protocol";
import { BODY_LIMITS } from "@/server/integrations/sage100/agent-limits";
import { completeCommand } from "@/server/integrations/sage100/command-queue";
import { agentRoute } from "@/server/integrations/sage100/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { bodyLimit: BODY_LIMITS.result, schema: commandOutcomeSchema },
  ({ agent, body, params }) => completeCommand(agent, params.id ?? "", body),
);
