// What a mapping form can offer to pick from, per kind: keys from KashFlow (its nominals, VAT rates, payment methods,
// bank accounts, read live through the company's connection) and values from Sage 100: the company's copy of Sage
// 100's lists as its agent last read them (readReferenceLists, refreshed from the mappings page; a sandbox agent
// answers like a real one), else values this company's mappings already use. Either list may be unavailable: the
// form then takes free text, validated by the kind's own rules.
import { AppError } from "@/lib/errors";
import { timeAgo } from "@/lib/relative-time";
import { db } from "@/server/db";
import { readCachedList } from "@/server/integrations/sage100/reference-lists/cache";
import { REFERENCE_LIST_NOUNS } from "@/server/integrations/sage100/reference-lists/labels";
import { referenceOptions } from "@/server/integrations/sage100/reference-lists/values";
import type { KashflowClient } from "@/server/integrations/kashflow";
import { kashflowClientForCompany } from "@/server/services/kashflow/client-for-company";
import { MAPPING_KINDS, type MappingKind } from "@/server/sync/mappings/kinds";
import { requireSyncCompany, type SyncScope } from "@/server/services/sync/company-scope";

export type Choice = { value: string; label: string };
export type ChoiceList = { options: Choice[]; from: string | null; problem: string | null };

const KASHFLOW_TIMEOUT_MS = 8_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError("UPSTREAM", `${what} did not answer within ${ms / 1000} seconds.`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const byValue = (a: Choice, b: Choice) => a.value.localeCompare(b.value, "en", { numeric: true });

function unique(options: Choice[]): Choice[] {
  const seen = new Map<string, Choice>();
  for (const o of options) if (o.value && !seen.has(o.value)) seen.set(o.value, o);
  return [...seen.values()].sort(byValue);
}

/** KashFlow's side of a kind, as the flows key it. */
export async function kashflowOptions(kind: MappingKind, client: KashflowClient): Promise<Choice[]> {
  switch (kind) {
    case "nominal_to_gl": {
      const nominals = await client.nominals();
      return nominals
        .filter((n) => !n.Archived)
        .map((n) => ({ value: String(n.Code), label: `${n.Code}${n.Name ? ` · ${n.Name}` : ""}` }));
    }
    case "vat_to_tax_class": {
      const rates = await client.vatRates();
      return [
        ...rates.map((r) => ({ value: r.VATRate, label: `${r.VATRate}%${r.VATText ? ` · ${r.VATText}` : ""}` })),
        { value: "EXEMPT", label: "EXEMPT · exempt / outside the scope of VAT" },
      ];
    }
    case "payment_method_to_bank": {
      const [sales, purchases] = await Promise.all([
        client.paymentMethods("invoice"),
        client.paymentMethods("purchase"),
      ]);
      return [...sales, ...purchases].map((m) => ({
        value: String(m.Id),
        label: `${m.Id}${m.Name ? ` · ${m.Name}` : ""}`,
      }));
    }
    case "bank_account_to_gl": {
      const accounts = await client.bankAccounts({ includeArchived: false });
      return accounts.map((a) => ({
        value: String(a.Code ?? a.Id),
        label: `${a.Code ?? a.Id}${a.AccountName ? ` · ${a.AccountName}` : ""}`,
      }));
    }
  }
}

async function sourceChoices(companyId: string, kind: MappingKind): Promise<ChoiceList> {
  const connection = await db.kashflowConnection.findUnique({ where: { companyId }, select: { status: true } });
  if (!connection) return { options: [], from: null, problem: "KashFlow is not connected, so type the key." };
  try {
    const client = await kashflowClientForCompany(companyId);
    const options = await withTimeout(kashflowOptions(kind, client), KASHFLOW_TIMEOUT_MS, "KashFlow");
    return {
      options: unique(options.filter((o) => MAPPING_KINDS[kind].sourceSchema.safeParse(o.value).success)),
      from: "KashFlow",
      problem: null,
    };
  } catch (error) {
    const reason = error instanceof AppError ? error.message : "KashFlow could not be read.";
    return { options: [], from: null, problem: `${reason} Type the key instead.` };
  }
}

/** Values already used for the same kind of Sage 100 field (both G/L kinds share accounts). */
async function usedValues(companyId: string, kind: MappingKind): Promise<Choice[]> {
  const kinds =
    kind === "nominal_to_gl" || kind === "bank_account_to_gl" ? ["nominal_to_gl", "bank_account_to_gl"] : [kind];
  const rows = await db.mappingEntry.findMany({
    where: { companyId, kind: { in: kinds } },
    select: { targetValue: true },
    distinct: ["targetValue"],
    take: 500,
  });
  return rows.map((r) => ({ value: r.targetValue, label: `${r.targetValue} · used in your mappings` }));
}

/** Sage 100's list as the agent last read it, when the company has a copy. */
async function cachedChoices(companyId: string, kind: MappingKind): Promise<ChoiceList | null> {
  const cached = await readCachedList(companyId, MAPPING_KINDS[kind].sageList);
  if (!cached) return null;
  const valid = (o: Choice) => MAPPING_KINDS[kind].targetSchema.safeParse(o.value).success;
  const many = REFERENCE_LIST_NOUNS[cached.list].many;
  return {
    options: unique(referenceOptions(cached).filter(valid)),
    from: `Sage 100, read ${timeAgo(cached.fetchedAt)}`,
    problem: cached.truncated
      ? `Sage 100 has more ${many} than Ledgerlink reads (${cached.rowCount.toLocaleString("en-GB")}): type the value if it is not offered.`
      : null,
  };
}

async function targetChoices(companyId: string, kind: MappingKind): Promise<ChoiceList> {
  const cached = await cachedChoices(companyId, kind);
  if (cached) return cached;
  const valid = (o: Choice) => MAPPING_KINDS[kind].targetSchema.safeParse(o.value).success;
  const used = (await usedValues(companyId, kind)).filter(valid);
  return {
    options: unique(used),
    from: used.length ? "values your mappings already use" : null,
    problem:
      "Sage 100's lists have not been read yet: use “Refresh from Sage 100” at the top of this page, or type the value as Sage 100 shows it.",
  };
}

export async function listMappingChoices(
  o: SyncScope & { kind: MappingKind },
): Promise<{ kind: MappingKind; source: ChoiceList; target: ChoiceList }> {
  await requireSyncCompany(o);
  const [source, target] = await Promise.all([sourceChoices(o.companyId, o.kind), targetChoices(o.companyId, o.kind)]);
  return { kind: o.kind, source, target };
}
