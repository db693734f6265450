// POST /api/agent/pair — a one-time code from the company page -> this agent's token.
import { pairRequestSchema } from "@/agent/src/protocol";
import { BODY_LIMITS } from "@/server/integrations/sage100/agent-limits";
import { hashPairingCode } from "@/server/integrations/sage100/agent-tokens";
import { pairingRoute } from "@/server/integrations/sage100/http/agent-route";
import { exchangePairingCode } from "@/server/integrations/sage100/pairing";

export const dynamic = "force-dynamic";

export const POST = pairingRoute(
  { bodyLimit: BODY_LIMITS.pair, schema: pairRequestSchema, limitKey: (body) => hashPairingCode(body.code) },
  async ({ body }) => {
    const { agentId, token, company } = await exchangePairingCode(body);
    return { agentId, token, company: { id: company.id, name: company.name } };
  },
);
