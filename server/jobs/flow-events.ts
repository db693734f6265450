// The "run this flow" events for a company, each carrying the KashFlow account the throttle is keyed on.
import { db } from "@/server/db";
import { accountKeyFor } from "@/server/services/kashflow/client-for-company";
import { FLOW_RUN, type FlowRunData } from "./events";

export async function flowRunEvents(
  due: { companyId: string; flowId: string }[],
): Promise<{ name: typeof FLOW_RUN; data: FlowRunData }[]> {
  const companyIds = [...new Set(due.map((d) => d.companyId))];
  const connections = await db.kashflowConnection.findMany({
    where: { companyId: { in: companyIds } },
    select: { companyId: true, apiBaseUrl: true, username: true },
  });
  const keyOf = new Map(connections.map((c) => [c.companyId, accountKeyFor(c)]));
  return due.map((d) => ({
    name: FLOW_RUN,
    data: { ...d, kashflowAccountKey: keyOf.get(d.companyId) ?? `company:${d.companyId}` },
  }));
}
