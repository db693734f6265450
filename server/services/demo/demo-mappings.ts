// The demo company starts mapped the way its bookkeeper would map the sandbox KashFlow books onto the sandbox Sage 100
// chart, so `npm start` shows documents flowing. One nominal (7600, legal fees) is left for the visitor: the bill that
// uses it is held with a "fix it" link, which is how a real company meets mappings.
import { db } from "@/server/db";
import { saveFxRates } from "@/server/sync/mappings/fx";
import { loadSyncSettings, saveSyncSettings } from "@/server/sync/settings";
import type { KashflowClient } from "@/server/integrations/kashflow";
import { kashflowOptions } from "@/server/services/mappings/mapping-choices";
import type { MappingKind } from "@/server/sync/mappings/kinds";

/** KashFlow sandbox nominal → sandbox Sage 100 G/L account (sandbox/kashflow/seed.ts CHART → sandbox/sage100/seed.ts CHART). */
const NOMINAL_TO_GL: Record<string, string> = {
  "30": "6000-00",
  "1100": "1200-00",
  "2100": "2000-00",
  "2200": "2200-00",
  "4000": "4000-00",
  "4010": "4010-00",
  "4900": "4050-00",
  "4920": "4050-00",
  "5000": "5000-00",
  "5010": "5000-00",
  "7000": "6000-00",
  "7100": "6100-00",
  "7200": "6200-00",
  "7500": "6000-00",
  "7502": "6200-00",
  "7900": "7000-00",
  "8200": "6000-00",
};
export const DEMO_UNMAPPED_NOMINAL = "7600";

export async function seedDemoMappings(o: {
  companyId: string;
  userId: string;
  client: KashflowClient;
}): Promise<number> {
  const [vat, methods, banks] = await Promise.all(
    (["vat_to_tax_class", "payment_method_to_bank", "bank_account_to_gl"] as const).map((kind) =>
      kashflowOptions(kind, o.client),
    ),
  );
  const entries: { kind: MappingKind; sourceKey: string; targetValue: string }[] = [
    ...Object.entries(NOMINAL_TO_GL).map(([sourceKey, targetValue]) => ({
      kind: "nominal_to_gl" as const,
      sourceKey,
      targetValue,
    })),
    ...vat!.map((v) => ({
      kind: "vat_to_tax_class" as const,
      sourceKey: v.value,
      targetValue: v.value === "EXEMPT" || Number(v.value) === 0 ? "NT" : "TX",
    })),
    ...methods!.map((m) => ({ kind: "payment_method_to_bank" as const, sourceKey: m.value, targetValue: "A" })),
    ...banks!.map((b) => ({ kind: "bank_account_to_gl" as const, sourceKey: b.value, targetValue: "1000-00" })),
  ];
  const created = await db.mappingEntry.createMany({
    data: entries.map((e) => ({
      ...e,
      companyId: o.companyId,
      updatedById: o.userId,
      note: "Demo: mapped by Ledgerlink's demo set-up",
    })),
    skipDuplicates: true,
  });
  return created.count;
}

const DAY_MS = 86_400_000;

/** Daily GBP→USD and EUR→USD rates for the demo's books (wandering a little, as rates do), and the accounts its over-payments and exchange differences post to. */
export async function seedDemoRates(o: {
  orgId: string;
  companyId: string;
  userId: string;
  now?: Date;
  days?: number;
}): Promise<number> {
  const now = o.now ?? new Date();
  const days = o.days ?? 120;
  const rates = Array.from({ length: days + 15 }, (_, i) => {
    const day = new Date(now.getTime() - (days - i) * DAY_MS).toISOString().slice(0, 10);
    const wobble = Math.sin(i / 5) * 0.012;
    return [
      { fromCurrency: "GBP", toCurrency: "USD", day, rate: (1.265 + wobble).toFixed(4) },
      { fromCurrency: "EUR", toCurrency: "USD", day, rate: (1.085 + wobble / 2).toFixed(4) },
    ];
  }).flat();
  await saveFxRates({ orgId: o.orgId, companyId: o.companyId, userId: o.userId, source: "manual", rates });
  const settings = await loadSyncSettings(o.companyId);
  // Over-payments (left as unapplied cash) and exchange differences have their accounts, so neither holds a receipt.
  const payments = {
    ...settings.payments,
    unappliedCashAccount: settings.payments.unappliedCashAccount || "2100-00",
    fxDifferenceAccount: settings.payments.fxDifferenceAccount || "7150-00",
  };
  if (
    payments.unappliedCashAccount !== settings.payments.unappliedCashAccount ||
    payments.fxDifferenceAccount !== settings.payments.fxDifferenceAccount
  )
    await saveSyncSettings(o.companyId, { ...settings, payments });
  return rates.length;
}
