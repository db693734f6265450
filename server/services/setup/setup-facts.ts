// What the set-up checklist, the preview request and Start syncing all decide from, read in one place: the company's
// lifecycle, its connections, the first carried day, the reviews a person confirmed, and its previews.
import { AppError } from "@/lib/errors";
import { db, type DbOrTx } from "@/server/db";
import { ONLINE_WITHIN_MS } from "@/server/integrations/sage100/agent-limits";
import { parseSyncSettings } from "@/server/sync/settings";

export type SetupScope = { orgId: string; companyId: string };

export async function setupFacts(o: SetupScope, client: DbOrTx = db, now = new Date()) {
  const company = await client.company.findFirst({
    where: { id: o.companyId, orgId: o.orgId },
    select: {
      id: true,
      status: true,
      timezone: true,
      wentLiveAt: true,
      wentLiveById: true,
      flowsReviewedAt: true,
      settingsReviewedAt: true,
      kashflowConnection: { select: { status: true } },
      sage100Agents: {
        where: { activeCompanyId: o.companyId, revokedAt: null },
        select: { lastHeartbeatAt: true, lastSeenAt: true, pausedAt: true },
        take: 1,
      },
    },
  });
  if (!company) throw AppError.notFound("Company");
  const [settingsRow, mappings, rates, latest, lastDone, wentLiveBy] = await Promise.all([
    client.syncSettings.findUnique({ where: { companyId: o.companyId } }),
    client.mappingEntry.aggregate({ where: { companyId: o.companyId }, _max: { updatedAt: true } }),
    client.fxRate.aggregate({ where: { companyId: o.companyId }, _max: { updatedAt: true } }),
    client.previewRun.findFirst({ where: { companyId: o.companyId }, orderBy: { createdAt: "desc" } }),
    client.previewRun.findFirst({ where: { companyId: o.companyId, status: "DONE" }, orderBy: { createdAt: "desc" } }),
    company.wentLiveById
      ? client.user.findUnique({ where: { id: company.wentLiveById }, select: { name: true, email: true } })
      : null,
  ]);
  let startDate: string | null = null;
  try {
    startDate = parseSyncSettings(settingsRow?.settings).salesInvoices.startDate;
  } catch {
    startDate = null;
  }
  const agent = company.sage100Agents[0] ?? null;
  const heard = Math.max(agent?.lastHeartbeatAt?.getTime() ?? 0, agent?.lastSeenAt?.getTime() ?? 0);
  // The last change a preview would have to be run again for: settings, mappings, rates, the flows chosen.
  const changedAt = [
    settingsRow?.updatedAt,
    mappings._max.updatedAt,
    rates._max.updatedAt,
    company.flowsReviewedAt,
  ].reduce<Date | null>((m, d) => (d && (!m || d > m) ? d : m), null);
  return {
    company,
    kashflowConnected: company.kashflowConnection?.status === "CONNECTED",
    kashflowStatus: company.kashflowConnection?.status ?? null,
    agent: agent
      ? {
          online: !agent.pausedAt && heard > 0 && now.getTime() - heard < ONLINE_WITHIN_MS,
          paused: Boolean(agent.pausedAt),
        }
      : null,
    startDate,
    latestPreview: latest,
    lastDonePreview: lastDone,
    changedAt,
    wentLiveByName: wentLiveBy ? (wentLiveBy.name ?? wentLiveBy.email) : null,
  };
}

export type SetupFacts = Awaited<ReturnType<typeof setupFacts>>;
