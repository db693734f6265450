// Flows and directions, chosen on set-up: every flow with on/off (settings.pausedFlows). Confirming the choice is a
// line of the set-up checklist (Company.flowsReviewedAt). Stock into KashFlow starts off: it overwrites quantities.
import { AppError } from "@/lib/errors";
import { db, transaction, type Prisma } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";
import { scheduled } from "@/server/sync/scheduled";
import { SYSTEM_LABEL } from "@/server/domain/model";
import { parseSyncSettings } from "@/server/sync/settings";

/** What turning a flow on means, where it is more than its label says. */
const NOTES: Record<string, string> = {
  "stock.sage100_to_kashflow":
    "Sets each KashFlow product's stock to Sage 100's quantity, overwriting what KashFlow holds.",
  "customers.sage100_to_kashflow": "Customers created or changed in Sage 100 are created or changed in KashFlow.",
  "suppliers.sage100_to_kashflow": "Vendors created or changed in Sage 100 are created or changed in KashFlow.",
  "items.sage100_to_kashflow": "Items created or changed in Sage 100 are created or changed in KashFlow.",
  "payments.sage100_to_kashflow": "Payments recorded in Sage 100 are added to the KashFlow invoice, so it shows Paid.",
  "order-status.sage100_to_kashflow": "Shipped Sage 100 orders are noted on their KashFlow invoice.",
  "tie_out.daily": "Compares each day's KashFlow totals with Sage 100's. Reads only.",
};

export type FlowChoice = { id: string; label: string; direction: string; on: boolean; note: string | null };

export async function getFlowChoices(o: SyncScope): Promise<{ flows: FlowChoice[]; reviewedAt: Date | null }> {
  await requireSyncCompany(o);
  const [row, states, company] = await Promise.all([
    db.syncSettings.findUnique({ where: { companyId: o.companyId } }),
    db.syncState.findMany({ where: { companyId: o.companyId, paused: true }, select: { flow: true } }),
    db.company.findUniqueOrThrow({ where: { id: o.companyId }, select: { flowsReviewedAt: true } }),
  ]);
  const off = new Set([...parseSyncSettings(row?.settings).pausedFlows, ...states.map((s) => s.flow)]);
  return {
    flows: scheduled().map((f) => ({
      id: f.id,
      label: f.label,
      direction: `${SYSTEM_LABEL[f.source]} → ${SYSTEM_LABEL[f.target]}`,
      on: !off.has(f.id),
      note: NOTES[f.id] ?? null,
    })),
    reviewedAt: company.flowsReviewedAt,
  };
}

/** Saves which flows are on (every other flow off) and records that a person chose them. */
export async function chooseFlows(
  o: SyncScope & { userId: string; on: readonly string[] },
): Promise<{ on: string[]; off: string[] }> {
  const units = scheduled();
  const unknown = o.on.filter((id) => !units.some((f) => f.id === id));
  if (unknown.length) throw AppError.field("on", `There is no sync flow ${unknown.join(", ")}.`);
  const on = units.filter((f) => o.on.includes(f.id)).map((f) => f.id);
  const off = units.filter((f) => !o.on.includes(f.id)).map((f) => f.id);
  return transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const row = await tx.syncSettings.findUnique({ where: { companyId: o.companyId } });
    const settings = parseSyncSettings(row?.settings);
    const json = { ...settings, pausedFlows: off } as Prisma.InputJsonValue;
    await tx.syncSettings.upsert({
      where: { companyId: o.companyId },
      create: { companyId: o.companyId, settings: json },
      update: { settings: json },
    });
    // A flow turned on here runs, whoever paused it on the dashboard before.
    await tx.syncState.updateMany({
      where: { companyId: o.companyId, flow: { in: on }, paused: true },
      data: { paused: false },
    });
    await tx.company.update({ where: { id: o.companyId }, data: { flowsReviewedAt: new Date() } });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "setup.flows_chosen",
      targetType: "SyncSettings",
      targetId: o.companyId,
      details: { on, off },
    });
    return { on, off };
  });
}
