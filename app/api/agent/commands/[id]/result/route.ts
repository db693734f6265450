// POST /api/agent/commands/:id/result — the outcome of a leased command (only the agent's own company's commands).
import { commandOutcomeSchema } from "@/agent/src/protocol";
import { cleanedTextMessage } from "@/lib/safe-text";
import { BODY_LIMITS } from "@/server/integrations/sage100/agent-limits";
import { completeCommand } from "@/server/integrations/sage100/command-queue";
import { agentRoute } from "@/server/integrations/sage100/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { bodyLimit: BODY_LIMITS.result, schema: commandOutcomeSchema },
  ({ agent, body, params, cleaned }) =>
    completeCommand(
      agent,
      params.id ?? "",
      // Text cleaned on the way in is said on the command too, not only on the records it becomes.
      body.status === "done" && cleaned.length
        ? { ...body, warnings: [...body.warnings, ...cleaned.slice(0, 10).map(cleanedTextMessage)] }
        : body,
    ),
);
