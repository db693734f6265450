// purchases.kashflow_to_sage100 — KashFlow purchase invoices and expenses become Sage 100 A/P invoices (spec §2.8):
// the vendor the suppliers flow linked, a G/L distribution per line from nominal → G/L (input VAT to the account
// KashFlow's VAT nominal maps to), converted at the document date's rate, keyed by vendor + the supplier's invoice
// number (or "KF" + the KashFlow number) and posted through the A/P invoice register. Credit notes post as negative
// invoices; a deleted purchase is reversed by a negative invoice, never deleted; a posted purchase edited in
// KashFlow is held ("changed after posting"), never posted twice.
import type { CommandInput } from "@/agent/src/protocol";
import { mappingsOf, rateFor } from "../../mappings/run-lookups";
import { purchaseToPurchaseInvoice } from "@/server/integrations/kashflow/mappers/purchase-invoice";
import { parseVendorKey, vendorKeyOf, type VendorKey } from "@/server/integrations/sage100/mappers/vendor";
import { db } from "@/server/db";
import { hold, isHold, type FlowDefinition, type Hold, type RecordMeta } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { purchaseInvoiceSchema, type PurchaseInvoice } from "@/server/domain/canonical/purchase-invoice";
import { mapOrHold } from "../../mappings/lookup";
import { conversionWarning, type UsedRate } from "../../mappings/fx";
import type { RecordWarning } from "@/server/domain/model";
import { apInvoiceCandidates, apReversalNo } from "../../rules/document-anchors";
import { linkedSage100Key, reserveCounterpart } from "../../counterparts/links";
import {
  documentsStartDate,
  isoDay,
  lastCarried,
  linkedPartyOrWait,
  sageAmount,
  sageMinor,
} from "../../documents/support";
import { sweepKashflowDocuments } from "../../kashflow/document-sweep";
import { apDistributions, changedFacts, postingFacts, purchaseProblems, type PostingFacts } from "./posting";
import { postingDateFor } from "../../documents/periods";
import { sage100Command } from "../../sage100/command";
import { requireSage100Agent } from "../../sage100/online";
import { releaseWaiting } from "../../documents/waiting";
import { rememberWritten } from "../../ledger/written";

const MODEL = "purchase_invoice";
type ApCommand = Extract<CommandInput, { type: "createApInvoice" }>;

export type PurchasePlan =
  /** Enter (and post) the A/P invoice. */
  | { kind: "post"; key: string; command: ApCommand; facts: PostingFacts; fx: UsedRate }
  /** Sage already has this vendor's invoice for the same amount (entered by hand): linked, not entered again. */
  | { kind: "adopt"; key: string; command: ApCommand; facts: PostingFacts; fx: UsedRate }
  /** Posted before and nothing that was posted has changed (a payment, a status). */
  | { kind: "unchanged"; key: string }
  /** Deleted in KashFlow: a negative invoice cancels the posted one. */
  | { kind: "reverse"; key: string; command: ApCommand }
  | { kind: "skip"; key: string | null; reason: string };

const noun = (p: Pick<PurchaseInvoice, "purchaseType" | "number">) =>
  `${p.purchaseType === "expense" ? "expense" : "purchase"} ${p.number}`;
const anchorOf = (key: string) => key.slice(key.indexOf("/") + 1);

/** The Sage vendor of a KashFlow supplier, or a hold that ends by itself once the suppliers flow has linked it. */
async function vendorFor(ctx: FlowRun, supplierCode: string): Promise<VendorKey | Hold> {
  const key = await linkedPartyOrWait(ctx, "supplier", supplierCode);
  return isHold(key) ? key : parseVendorKey(key);
}

/** G/L accounts for each line's nominal and for input VAT, or the first mapping a person has to add. */
async function accountsFor(
  ctx: FlowRun,
  p: PurchaseInvoice,
): Promise<{ lineAccounts: string[]; vatAccount: string | null } | Hold> {
  const mappings = await mappingsOf(ctx);
  const lineAccounts: string[] = [];
  for (const l of p.lines) {
    const account = mapOrHold(mappings, "nominal_to_gl", l.accountCode ?? "");
    if (isHold(account)) return account;
    lineAccounts.push(account);
  }
  // Lines whose VAT cancels out still convert to a cent or two of VAT, line by line: any VAT line needs the account.
  if (p.lines.every((l) => l.tax.amount.amountMinor === 0)) return { lineAccounts, vatAccount: null };
  const vatAccount = mapOrHold(mappings, "nominal_to_gl", ctx.settings.purchases.vatNominal);
  return isHold(vatAccount) ? vatAccount : { lineAccounts, vatAccount };
}

/**
 * The A/P invoice number, reserved on the record before the first write so a retry after a crash asks for the same
 * one. The supplier's own number when Sage can hold it; if Sage already has that number for this vendor, the same
 * amount means the same bill (linked, "adopt"), another amount is held for a person.
 */
async function targetFor(
  ctx: FlowRun,
  p: PurchaseInvoice,
  vendor: VendorKey,
  meta: RecordMeta,
  amountMinor: number,
): Promise<{ key: string; adopt: boolean } | Hold> {
  if (meta.counterpartId) return { key: meta.counterpartId, adopt: false };
  const currency = ctx.settings.sage100.currency;
  for (const anchor of apInvoiceCandidates({ supplierReference: p.supplierReference, kashflowNumber: p.number })) {
    const key = `${vendorKeyOf(vendor)}/${anchor}`;
    const [reserved, linked] = await Promise.all([
      db.syncRecord.findFirst({
        where: { companyId: ctx.companyId, system: "KASHFLOW", model: MODEL, counterpartId: key, id: { not: meta.id } },
        select: { externalId: true },
      }),
      db.entityLink.findFirst({
        where: { companyId: ctx.companyId, model: MODEL, sage100Key: key },
        select: { id: true },
      }),
    ]);
    if (reserved || linked) continue;
    const found = await sage100Command(ctx, {
      type: "findDocument",
      payload: { kind: "apInvoice", division: vendor.division, vendorNo: vendor.vendorNo, invoiceNo: anchor },
    });
    if (found.found) {
      const theirs = sageMinor(found.record?.InvoiceAmt, currency);
      if (theirs !== amountMinor)
        return hold(
          "ALREADY_IN_SAGE",
          `Sage 100 already has vendor ${vendor.vendorNo}'s invoice ${anchor} for ${sageAmount(theirs, currency)} ${currency}; KashFlow ${noun(p)} comes to ${sageAmount(amountMinor, currency)} ${currency}. Check which is right before it is entered.`,
          "supplierReference",
        );
    }
    await reserveCounterpart(meta.id, key);
    return { key, adopt: found.found };
  }
  return hold("NO_INVOICE_NUMBER", `No free Sage 100 invoice number for KashFlow ${noun(p)}.`, "number");
}

async function postingPlan(
  ctx: FlowRun,
  p: PurchaseInvoice,
  meta: RecordMeta,
): Promise<{ plan: PurchasePlan; warnings: RecordWarning[] } | Hold> {
  const vendor = await vendorFor(ctx, p.supplierCode);
  if (isHold(vendor)) return vendor;
  const accounts = await accountsFor(ctx, p);
  if (isHold(accounts)) return accounts;
  const currency = ctx.settings.sage100.currency;
  const fx = await rateFor(ctx, p.currency, currency, p.issueDate);
  if (isHold(fx)) return fx;
  const { amountMinor, distributions } = apDistributions(p, { ...accounts, rate: fx });
  // Never into a closed period: held with Sage's reason, or re-dated to the first open day when the company chose so.
  const dated = await postingDateFor(ctx, { date: p.issueDate, journal: "AP_INVOICE", what: `KashFlow ${noun(p)}` });
  if (isHold(dated)) return dated;
  const target = await targetFor(ctx, p, vendor, meta, amountMinor);
  if (isHold(target)) return target;
  const command: ApCommand = {
    type: "createApInvoice",
    payload: {
      division: vendor.division,
      vendorNo: vendor.vendorNo,
      invoiceNo: anchorOf(target.key),
      invoiceDate: dated.date,
      ...(p.dueDate && p.dueDate >= dated.date ? { dueDate: p.dueDate } : {}),
      comment: `KashFlow ${noun(p)}`.slice(0, 40),
      amount: sageAmount(amountMinor, currency),
      distributions: distributions.map((d) => ({
        account: d.account,
        amount: sageAmount(d.amountMinor, currency),
        comment: d.comment,
      })),
      batch: { post: ctx.settings.purchases.post, comment: "Ledgerlink bills" },
    },
  };
  const warnings: RecordWarning[] = [...dated.warnings];
  warnings.push(
    ...conversionWarning({
      rate: fx,
      documentDay: p.issueDate,
      noun: p.purchaseType === "expense" ? "expense" : "purchase",
      field: "currency",
    }),
  );
  if (target.adopt)
    warnings.push({
      field: "number",
      message: `Sage 100 already had vendor ${vendor.vendorNo}'s invoice ${anchorOf(target.key)} for this amount: linked, not entered again.`,
    });
  return {
    plan: { kind: target.adopt ? "adopt" : "post", key: target.key, command, facts: postingFacts(p), fx },
    warnings,
  };
}

/** Deleted in KashFlow: the posted invoice is cancelled by its exact negative, dated today (never a silent delete). */
async function reversalPlan(
  ctx: FlowRun,
  p: PurchaseInvoice,
  meta: RecordMeta,
): Promise<{ plan: PurchasePlan; warnings: RecordWarning[] } | Hold> {
  const key = (await linkedSage100Key(ctx, MODEL, meta.externalId)) ?? meta.counterpartId;
  if (!key)
    return {
      plan: { kind: "skip", key: null, reason: `Deleted in KashFlow before it reached Sage 100.` },
      warnings: [],
    };
  const posted = await lastCarried<Extract<PurchasePlan, { kind: "post" | "adopt" }>>(meta.id, ["post", "adopt"]);
  if (!posted) {
    // Reserved but never confirmed: reversed only if Sage has it after all (a crash between the write and the ledger).
    const vendor = parseVendorKey(key.slice(0, key.indexOf("/")));
    const found = await sage100Command(ctx, {
      type: "findDocument",
      payload: { kind: "apInvoice", ...vendor, invoiceNo: anchorOf(key) },
    });
    if (!found.found)
      return { plan: { kind: "skip", key, reason: "Deleted in KashFlow before it reached Sage 100." }, warnings: [] };
    return hold(
      "REVERSAL_UNKNOWN",
      `KashFlow ${noun(p)} was deleted; Sage 100 has it as ${anchorOf(key)} but Ledgerlink has no record of what it posted. Reverse it in Sage 100 by hand.`,
    );
  }
  const original = posted.command.payload;
  const negate = (amount: string) => (amount.startsWith("-") ? amount.slice(1) : `-${amount}`);
  const command: ApCommand = {
    type: "createApInvoice",
    payload: {
      ...original,
      invoiceNo: apReversalNo(p.number),
      invoiceDate: isoDay(ctx.now),
      dueDate: undefined,
      comment: `Reverses ${original.invoiceNo} (KashFlow ${noun(p)} deleted)`.slice(0, 40),
      amount: negate(original.amount),
      distributions: original.distributions.map((d) => ({ ...d, amount: negate(d.amount) })),
      batch: { post: ctx.settings.purchases.post, comment: "Ledgerlink reversals" },
    },
  };
  return { plan: { kind: "reverse", key, command }, warnings: [] };
}

export const purchasesKashflowToSage100: FlowDefinition<PurchaseInvoice, PurchasePlan> = {
  id: "purchases.kashflow_to_sage100",
  label: "Purchases and expenses: KashFlow → Sage 100 A/P",
  model: MODEL,
  source: "KASHFLOW",
  target: "SAGE100",

  // Before anything is read or written: the agent must be there to answer.
  preflight: requireSage100Agent,

  // Detect: bills whose supplier (or setting) arrived go back to pending; then the purchase list from the company's
  // first carried day, full reads only for purchases whose summary moved.
  async detect(ctx) {
    await releaseWaiting(ctx, MODEL);
    const kashflow = await ctx.kashflow();
    return sweepKashflowDocuments(ctx, {
      model: MODEL,
      kind: "purchase",
      since: await documentsStartDate(ctx),
      pages: () => kashflow.purchases.pages(),
      detail: (n) => kashflow.purchases.get(n),
      toRecords: (d, source) => [
        { externalId: String(d.Number), payload: { ...purchaseToPurchaseInvoice(d), source } },
      ],
    });
  },

  canonical: purchaseInvoiceSchema,
  documentDate: (p) => p.issueDate,

  // Rules: a reversal for a deleted purchase; nothing for one already posted and unchanged; a hold for one changed
  // after posting; otherwise the checks, the vendor, the accounts, the rate and the invoice number.
  async rules(ctx, p, meta) {
    if (meta.deleted) return reversalPlan(ctx, p, meta);
    const problem = purchaseProblems(p);
    if (problem) return problem;
    if (p.totals.gross.amountMinor === 0)
      return {
        plan: { kind: "skip", key: null, reason: `KashFlow ${noun(p)} comes to nothing: there is nothing to post.` },
        warnings: [],
      };
    const linked = await linkedSage100Key(ctx, MODEL, meta.externalId);
    if (linked) {
      const [posted, reversed] = await Promise.all([
        lastCarried<{ facts: PostingFacts }>(meta.id, ["post", "adopt"]),
        lastCarried(meta.id, ["reverse"]),
      ]);
      if (reversed)
        return hold(
          "REVERSED",
          `KashFlow ${noun(p)} was deleted and its Sage 100 invoice ${anchorOf(linked)} reversed; a purchase with this number again needs entering as a new one.`,
        );
      const changed = posted ? changedFacts(posted.facts, postingFacts(p)) : [];
      if (changed.length === 0) return { plan: { kind: "unchanged", key: linked }, warnings: [] };
      return hold(
        "CHANGED_AFTER_POSTING",
        `KashFlow ${noun(p)} changed after it was posted to Sage 100 as invoice ${anchorOf(linked)} (${changed.join(", ")}). Ledgerlink does not post it twice: correct it in Sage 100, or put it back as it was in KashFlow.`,
      );
    }
    return postingPlan(ctx, p, meta);
  },

  // Validate: what Sage's A/P invoice entry refuses outright.
  async validate(_ctx, plan) {
    if (plan.kind !== "post") return null;
    if (plan.command.payload.distributions.length > 500)
      return hold("TOO_MANY_LINES", "Sage 100 takes at most 500 distribution lines on one A/P invoice.", "lines");
    return null;
  },

  // Load: createApInvoice checks vendor + number in data entry, open invoices and history before it enters anything.
  async load(ctx, plan, meta) {
    if (plan.kind === "skip")
      return { counterpartId: plan.key ?? meta.externalId, request: plan, response: null, skipped: plan.reason };
    if (plan.kind === "unchanged") return { counterpartId: plan.key, request: plan, response: null };
    if (plan.kind === "adopt") {
      await rememberWritten(meta.id, plan);
      return { counterpartId: plan.key, request: plan, response: null };
    }
    const result = await sage100Command(ctx, plan.command, 60_000);
    await rememberWritten(meta.id, plan);
    return { counterpartId: plan.key, request: plan, response: result };
  },
};
