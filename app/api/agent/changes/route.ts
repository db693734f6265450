// POST /api/agent/changes — rows the agent found changed by polling Sage's audit stamps.
import { changeBatchSchema } from "@/agent/src/protocol";
import { BODY_LIMITS } from "@/server/integrations/sage100/agent-limits";
import { receiveChangeBatch } from "@/server/integrations/sage100/change-batches";
import { agentRoute } from "@/server/integrations/sage100/http/agent-route";

export const dynamic = "force-dynamic";

export const POST = agentRoute({ bodyLimit: BODY_LIMITS.changes, schema: changeBatchSchema }, ({ agent, body }) => receiveChangeBatch(agent, body));
