// A person presses Resume: allowed only while the plan covers the company (a lapsed organization resolves billing
// first; on Growth/Practice with `addPair` an owner raises the quantity first). Billing's own pauses are billing's.
import { transaction } from "@/server/db";
import { addPairIfNeeded } from "@/server/services/billing/add-pair";
import { assertPairCovered, lockBillingAccount } from "@/server/services/billing/entitlements";
import { resumeCompany } from "./lifecycle";

export async function resumeByPerson(o: {
  orgId: string;
  companyId: string;
  userId: string;
  addPair?: boolean;
  canManageBilling?: boolean;
}) {
  if (o.addPair) await addPairIfNeeded({ ...o, change: "resume", canManageBilling: o.canManageBilling ?? false });
  return transaction(async (tx) => {
    // Billing row before the company row: the order billing's own pausing takes.
    await lockBillingAccount(tx, o.orgId);
    const company = await tx.company.findFirst({
      where: { id: o.companyId, orgId: o.orgId },
      select: { status: true },
    });
    if (company?.status === "PAUSED") await assertPairCovered(tx, { orgId: o.orgId, change: "resume" });
    return resumeCompany({ orgId: o.orgId, companyId: o.companyId, userId: o.userId }, tx);
  });
}
