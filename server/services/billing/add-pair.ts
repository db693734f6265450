// "Add a pair": on Growth or Practice, a person who may manage billing confirms one more paid pair; the subscription
// quantity goes up first (prorated), then the company goes live or resumes under the usual gate.
import { AppError } from "@/lib/errors";
import { decidePairCheck, entitlements, type PairChange } from "./entitlements";
import { setSubscriptionQuantity } from "./quantity";

export async function addPairIfNeeded(o: {
  orgId: string;
  companyId: string;
  change: PairChange;
  canManageBilling: boolean;
}): Promise<{ added: boolean }> {
  const e = await entitlements(o.orgId);
  const check = decidePairCheck(e, o.change);
  if (check.covered || check.needs !== "add-pair") return { added: false };
  if (!o.canManageBilling) {
    throw new AppError("FORBIDDEN", "Only an owner of the organization can add a paid integration pair.", {
      reason: "BillingOwnerOnly",
    });
  }
  const pairs = o.change === "go-live" ? e.pairsUsed + 1 : e.pairsUsed;
  await setSubscriptionQuantity({ orgId: o.orgId, pairs, reasonId: `${o.change}-${o.companyId}` });
  return { added: true };
}
