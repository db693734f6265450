// Entering one rate, importing a CSV of them (all or nothing, row numbers in the errors), and removing one. Saving
// releases exactly the documents held for a rate it now provides (server/sync/mappings/fx.ts does it in the same
// transaction) and asks their flows to run at once; a document already converted keeps the rate stored on it.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { fxRateInput, saveFxRates } from "@/server/sync/mappings/fx";
import { parseFxCsv } from "@/server/sync/mappings/fx-csv";
import { parseInput } from "@/server/services/mappings/parse-input";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";
import { nudgeFlows } from "@/server/services/sync/nudge-flows";
import type { SyncSystem } from "@/server/domain/model";

type Actor = SyncScope & { userId: string };

/** Released documents go at once: the flows that carry them run at the next tick, not at their next schedule. */
export async function nudgeReleased(companyId: string, models: readonly { system: SyncSystem; model: string }[]) {
  for (const m of models) await nudgeFlows(companyId, m.system, m.model);
}

/** 2 MB of text: about 50,000 rows, above the 10,000 rows a file may hold. */
export const FX_CSV_MAX_CHARS = 2_000_000;
export const fxCsvInput = z.object({
  csv: z.string().max(FX_CSV_MAX_CHARS, "The file is too large: at most 10,000 rows (2 MB)."),
});

export async function addFxRate(o: Actor & z.input<typeof fxRateInput>) {
  await requireSyncCompany(o);
  const rate = parseInput(fxRateInput, o);
  const { saved, released, releasedModels } = await saveFxRates({
    orgId: o.orgId,
    companyId: o.companyId,
    userId: o.userId,
    rates: [rate],
    source: "manual",
  });
  await nudgeReleased(o.companyId, releasedModels);
  return { saved, released, rate };
}

export async function importFxCsv(o: Actor & { csv: string }) {
  await requireSyncCompany(o);
  const { csv } = parseInput(fxCsvInput, o);
  const rates = parseFxCsv(csv);
  const problems = rates.flatMap((r, i) =>
    r.fromCurrency === r.toCurrency ? [`Row ${i + 2}: from and to are both ${r.fromCurrency}.`] : [],
  );
  if (problems.length)
    throw AppError.field(
      "csv",
      `${problems.length} row(s) need fixing; nothing was saved. ${problems.slice(0, 10).join(" ")}`,
    );
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  rates.forEach((r, i) => {
    const key = `${r.fromCurrency}:${r.toCurrency}:${r.day}`;
    const first = seen.get(key);
    if (first !== undefined)
      duplicates.push(`Row ${i + 2} repeats row ${first + 2} (${r.fromCurrency}→${r.toCurrency} on ${r.day}).`);
    else seen.set(key, i);
  });
  if (duplicates.length)
    throw AppError.field(
      "csv",
      `${duplicates.length} row(s) need fixing; nothing was saved. ${duplicates.slice(0, 10).join(" ")}`,
    );
  const { saved, released, releasedModels } = await saveFxRates({
    orgId: o.orgId,
    companyId: o.companyId,
    userId: o.userId,
    rates,
    source: "csv",
  });
  await nudgeReleased(o.companyId, releasedModels);
  const pairs = [...new Set(rates.map((r) => `${r.fromCurrency}→${r.toCurrency}`))];
  const days = rates.map((r) => r.day).sort();
  return { saved, released, pairs, firstDay: days[0] ?? null, lastDay: days[days.length - 1] ?? null };
}

export async function deleteFxRate(o: Actor & { fxRateId: string }) {
  await requireSyncCompany(o);
  return transaction(async (tx) => {
    const rate = await tx.fxRate.findFirst({ where: { id: o.fxRateId, companyId: o.companyId } });
    if (!rate) throw AppError.notFound("Exchange rate");
    await tx.fxRate.delete({ where: { id: rate.id } });
    const day = rate.day.toISOString().slice(0, 10);
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "fx.deleted",
      targetType: "FxRate",
      targetId: rate.id,
      details: { from: rate.fromCurrency, to: rate.toCurrency, day, rate: rate.rate.toString() },
    });
    return { deleted: true, from: rate.fromCurrency, to: rate.toCurrency, day };
  });
}
