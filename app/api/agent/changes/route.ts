// POST /api/agent/changes — rows the agent found changed by polling Sage's audit stamps; the flows reading them wake.
import { changeBatchSchema } from "@/agent/src/protocol";
import { BODY_LIMITS } from "@/server/integrations/sage100/agent-limits";
import { receiveChangeBatch } from "@/server/integrations/sage100/change-batches";
import { agentRoute } from "@/server/integrations/sage100/http/agent-route";
import { announceChanges } from "@/server/sync/runner/wake";

export const dynamic = "force-dynamic";

export const POST = agentRoute(
  { bodyLimit: BODY_LIMITS.changes, schema: changeBatchSchema },
  async ({ agent, body }) => {
    const stored = await receiveChangeBatch(agent, body);
    // Woken here, not in integrations/ (which knows nothing of the engine); a resent batch wakes nothing new.
    if (!stored.duplicate) await announceChanges({ companyId: agent.companyId, tables: [body.table] });
    return stored;
  },
);
