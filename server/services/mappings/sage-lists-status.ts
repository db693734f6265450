// What the mappings page says about Sage 100's lists: which the company has a copy of (how many rows, when read),
// and whether an agent could read them now (the page refreshes a missing copy by itself only then).
import { getAgentStatus } from "@/server/integrations/sage100/agents";
import { summariseCachedLists } from "@/server/integrations/sage100/reference-lists/cache";
import type { SyncScope } from "@/server/services/sync/company-scope";

export type AgentReach = "online" | "offline" | "paused" | "none";

export async function sageListsStatus(scope: SyncScope) {
  const status = await getAgentStatus(scope);
  const agent: AgentReach = !status.agent
    ? "none"
    : status.agent.pausedAt
      ? "paused"
      : status.online
        ? "online"
        : "offline";
  return { agent, lists: await summariseCachedLists(scope.companyId) };
}
