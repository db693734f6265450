// POST /api/agent/heartbeat — version, driver, Sage company, state, last error; answers whether to pause.
import { heartbeatRequestSchema } from "@/agent/src/protocol";
import { BODY_LIMITS } from "@/server/integrations/sage100/agent-limits";
import { recordHeartbeat } from "@/server/integrations/sage100/agents";
import { agentRoute } from "@/server/integrations/sage100/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { bodyLimit: BODY_LIMITS.heartbeat, schema: heartbeatRequestSchema },
  ({ agent, body }) => recordHeartbeat(agent, body),
);
