// payments.kashflow_to_sage100 — payments on KashFlow invoices become Sage 100 cash receipts (spec §2.7) applied to
// the A/R invoice the sales-invoice flow posted under the derived number: the payment converted at its own date's
// rate, applied up to what the invoice still has open, an over-payment left as unapplied cash on the company's
// account, an exchange difference booked when KashFlow says the payment settles the invoice. The bank code comes
// from payment method → bank; the check number is "KF" + the KashFlow payment id, so a retry finds the receipt.
// A credit note applied to an invoice becomes a zero receipt applying the credit memo to the invoice; a deleted
// payment is reversed by a negative receipt. Supplier payments become A/P manual checks (manual-checks.ts)
// unless the company pays its vendors in Sage 100; payments Ledgerlink itself carried from Sage 100 are skipped (no echo).
import type { CommandInput } from "@/agent/src/protocol";
import { mappingsOf, rateFor } from "../../mappings/run-lookups";
import { parseCustomerKey, type CustomerKey } from "@/server/integrations/sage100/mappers/customer";
import { db } from "@/server/db";
import { hold, isHold, type FlowDefinition, type Hold, type RecordMeta } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { plannedSage100Key } from "../../engine/planned-links";
import { mapOrHold } from "../../mappings/lookup";
import { conversionWarning, convertMinor, type UsedRate } from "../../mappings/fx";
import type { RecordWarning } from "@/server/domain/model";
import { planApplication, planCreditApplication } from "../../rules/cash-application";
import { receiptCheckNo } from "../../rules/document-anchors";
import { sageInvoiceKey, type SageInvoiceKey } from "../../rules/sage-invoice-number";
import { documentsStartDate, lastCarried, linkedPartyOrWait, sageAmount, sageMinor } from "../../documents/support";
import { sweepKashflowDocuments } from "../../kashflow/document-sweep";
import { factsOf, label, sameFacts, type PaymentFacts } from "./facts";
import { supplierPaymentRules, type CheckPlan } from "./manual-checks";
import { kashflowPaymentSchema, paymentExternalId, paymentRecords, type KashflowPayment } from "./records";
import { linkedSage100Key, reserveCounterpart } from "../../counterparts/links";
import { waitFor } from "../../counterparts/target";
import { postingDateFor } from "../../documents/periods";
import { sage100Command } from "../../sage100/command";
import { requireSage100Agent } from "../../sage100/online";
import { releaseWaiting, waitForLink, waitForSetting } from "../../documents/waiting";
import { rememberWritten } from "../../ledger/written";

const MODEL = "payment";
type ReceiptCommand = Extract<CommandInput, { type: "createCashReceipt" }>;

export type PaymentPlan =
  | {
      kind: "receipt";
      key: string;
      command: ReceiptCommand;
      facts: PaymentFacts;
      fx: UsedRate;
      split: { appliedMinor: number; unappliedMinor: number; fxDifferenceMinor: number };
    }
  /** A retry found the receipt its earlier attempt entered (the process died before the ledger heard of it). */
  | { kind: "adopt"; key: string; facts: PaymentFacts; receipt: Record<string, unknown> }
  | { kind: "unchanged"; key: string }
  | { kind: "reverse"; key: string; command: ReceiptCommand }
  | { kind: "skip"; key: string | null; reason: string }
  | Extract<CheckPlan, { kind: "check" | "adopt_check" }>;

const receiptKey = (c: CustomerKey, checkNo: string) => `${c.division}-${c.customerNo}/${checkNo}`;
const checkNoOf = (key: string) => key.slice(key.indexOf("/") + 1);
const skip = (reason: string, key: string | null = null) => ({
  plan: { kind: "skip" as const, key, reason },
  warnings: [],
});

/**
 * What a posted Sage invoice still has open for receipts; "applied" for a credit memo posted against its invoice
 * (it has no open item of its own); a wait while the invoice is unposted; a hold until it reaches Sage.
 */
async function openFor(
  ctx: FlowRun,
  customer: CustomerKey,
  key: SageInvoiceKey,
  kashflowNumber: string,
): Promise<number | "applied" | Hold> {
  const currency = ctx.settings.sage100.currency;
  // The first-sync preview planned this invoice (to enter, or held): it is not in Sage 100 yet, no need to ask.
  if (plannedSage100Key(ctx, "sales_invoice", kashflowNumber))
    return waitForLink(
      "sales_invoice",
      kashflowNumber,
      `Waiting for KashFlow ${key.invoiceType === "CM" ? "credit note" : "invoice"} ${kashflowNumber} to reach Sage 100 (as ${key.invoiceNo} ${key.invoiceType}).`,
    );
  const open = await sage100Command(ctx, {
    type: "findDocument",
    payload: { kind: "arOpenInvoice", ...customer, ...key },
  });
  if (open.found && open.record)
    return sageMinor(open.record.Balance, currency) - sageMinor(open.record.PaymentsToday, currency);
  const entered = await sage100Command(ctx, { type: "findDocument", payload: { kind: "arInvoice", ...key } });
  if (entered.found && entered.state === "pending")
    throw waitFor(
      `Sage 100 ${key.invoiceType === "CM" ? "credit memo" : "invoice"} ${key.invoiceNo} to be posted (it is still in batch ${String(entered.record?.BatchNo ?? "")})`,
    );
  if (entered.found && key.invoiceType === "CM" && String(entered.record?.ApplyToInvoiceNo ?? "").trim())
    return "applied";
  if (entered.found)
    return hold(
      "NO_OPEN_ITEM",
      `Sage 100 invoice ${key.invoiceNo} is posted but has no open item to apply cash to.`,
      "document",
    );
  return waitForLink(
    "sales_invoice",
    kashflowNumber,
    `Waiting for KashFlow ${key.invoiceType === "CM" ? "credit note" : "invoice"} ${kashflowNumber} to reach Sage 100 (as ${key.invoiceNo} ${key.invoiceType}).`,
  );
}

/** The G/L lines a receipt posts besides its invoice applications; each needs its account chosen in settings. */
function accountLines(
  ctx: FlowRun,
  split: { unappliedMinor: number; fxDifferenceMinor: number },
): ReceiptCommand["payload"]["accountLines"] | Hold {
  const { unappliedCashAccount, fxDifferenceAccount } = ctx.settings.payments;
  const currency = ctx.settings.sage100.currency;
  const lines: NonNullable<ReceiptCommand["payload"]["accountLines"]> = [];
  if (split.unappliedMinor !== 0) {
    if (!unappliedCashAccount)
      return waitForSetting(
        "payments.unappliedCashAccount",
        "This payment is more than the invoice has open: choose the Sage 100 G/L account for unapplied cash in sync settings.",
      );
    lines.push({ account: unappliedCashAccount, amount: sageAmount(split.unappliedMinor, currency) });
  }
  if (split.fxDifferenceMinor !== 0) {
    if (!fxDifferenceAccount)
      return waitForSetting(
        "payments.fxDifferenceAccount",
        "This payment settles the invoice at another exchange rate: choose the Sage 100 G/L account for exchange differences in sync settings.",
      );
    lines.push({ account: fxDifferenceAccount, amount: sageAmount(split.fxDifferenceMinor, currency) });
  }
  return lines;
}

function receiptCommand(
  ctx: FlowRun,
  p: KashflowPayment,
  o: {
    customer: CustomerKey;
    checkNo: string;
    bankCode: string;
    date: string;
    amountMinor: number;
    applications: { key: SageInvoiceKey; amountMinor: number }[];
    accountLines: ReceiptCommand["payload"]["accountLines"];
    description: string;
  },
): ReceiptCommand {
  const currency = ctx.settings.sage100.currency;
  return {
    type: "createCashReceipt",
    payload: {
      ...o.customer,
      checkNo: o.checkNo,
      bankCode: o.bankCode,
      depositDate: o.date,
      depositDescription: o.description.slice(0, 30),
      depositType: ctx.settings.payments.depositType,
      amount: sageAmount(o.amountMinor, currency),
      ...(p.reference ? { comment: p.reference.slice(0, 30) } : {}),
      applications: o.applications
        .filter((a) => a.amountMinor !== 0)
        .map((a) => ({
          invoiceNo: a.key.invoiceNo,
          invoiceType: a.key.invoiceType,
          amount: sageAmount(a.amountMinor, currency),
        })),
      accountLines: o.accountLines,
      batch: { post: ctx.settings.payments.post, comment: "Ledgerlink receipts" },
    },
  };
}

/** The credit-note half of a credit application: the invoice half carries both. */
async function creditPartner(ctx: FlowRun, p: KashflowPayment): Promise<KashflowPayment | null> {
  if (p.bulkId === null) return null;
  const rows = await db.syncRecord.findMany({
    where: {
      companyId: ctx.companyId,
      system: "KASHFLOW",
      model: MODEL,
      deletedAt: null,
      payload: { path: ["bulkId"], equals: p.bulkId },
    },
    select: { payload: true },
  });
  return (
    rows
      .map((r) => kashflowPaymentSchema.parse(r.payload))
      .find((x) => x.document.isCreditNote && x.amount.amountMinor === -p.amount.amountMinor) ?? null
  );
}

async function receiptPlan(
  ctx: FlowRun,
  p: KashflowPayment,
  meta: RecordMeta,
): Promise<{ plan: PaymentPlan; warnings: RecordWarning[] } | Hold> {
  const customerKey = await linkedPartyOrWait(ctx, "customer", p.partyCode);
  if (isHold(customerKey)) return customerKey;
  const customer = parseCustomerKey(customerKey);
  const mappings = await mappingsOf(ctx);
  if (!p.methodId)
    return hold(
      "NO_METHOD",
      `KashFlow has no payment method on ${label(p)}; Sage 100 needs one for its bank code.`,
      "methodId",
    );
  const bankCode = mapOrHold(mappings, "payment_method_to_bank", p.methodId);
  if (isHold(bankCode)) return bankCode;
  const currency = ctx.settings.sage100.currency;
  const fx = await rateFor(ctx, p.amount.currency, currency, p.date);
  if (isHold(fx)) return fx;
  // Never into a closed period: held with Sage's reason, or re-dated to the first open day when the company chose so.
  const dated = await postingDateFor(ctx, { date: p.date, journal: "AR_CASH", what: label(p).replace(/^the/, "The") });
  if (isHold(dated)) return dated;
  const prefix = ctx.settings.salesInvoices.sage100Prefix;
  const cash = convertMinor(p.amount.amountMinor, fx);
  const warnings: RecordWarning[] = [
    ...dated.warnings,
    ...conversionWarning({ rate: fx, documentDay: p.date, noun: "payment", field: "amount" }),
  ];

  let command: ReceiptCommand;
  let split = { appliedMinor: 0, unappliedMinor: 0, fxDifferenceMinor: 0 };
  if (p.isCreditApplication) {
    const partner = await creditPartner(ctx, p);
    if (!partner)
      return hold(
        "CREDIT_NOTE_UNKNOWN",
        `${label(p)} applies a credit note Ledgerlink cannot find in KashFlow's payments.`,
        "bulkId",
      );
    const invoiceKey = sageInvoiceKey(p.document.number, false, prefix);
    const creditKey = sageInvoiceKey(partner.document.number, true, prefix);
    const openCredit = await openFor(ctx, customer, creditKey, partner.document.number);
    if (isHold(openCredit)) return openCredit;
    // The sales-invoice flow entered the memo against the invoice (Sage's Apply To): nothing is left to apply.
    if (openCredit === "applied")
      return skip(
        `Credit note ${partner.document.number} was entered in Sage 100 applied to invoice ${invoiceKey.invoiceNo}.`,
      );
    const openInvoice = await openFor(ctx, customer, invoiceKey, p.document.number);
    if (isHold(openInvoice)) return openInvoice;
    if (openInvoice === "applied") return skip("Nothing to apply.");
    const applied = planCreditApplication({
      amountMinor: cash,
      openInvoiceMinor: openInvoice,
      openCreditMinor: openCredit,
      settles: p.settles,
    });
    if (applied === 0)
      return skip(
        `Credit note ${partner.document.number} and invoice ${p.document.number} have nothing left open against each other in Sage 100.`,
      );
    split = { appliedMinor: applied, unappliedMinor: 0, fxDifferenceMinor: 0 };
    command = receiptCommand(ctx, p, {
      customer,
      checkNo: receiptCheckNo("credit", p.id!),
      bankCode,
      date: dated.date,
      amountMinor: 0,
      accountLines: [],
      applications: [
        { key: invoiceKey, amountMinor: applied },
        { key: creditKey, amountMinor: -applied },
      ],
      description: `KashFlow credit note ${partner.document.number}`,
    });
  } else {
    const key = sageInvoiceKey(p.document.number, p.document.isCreditNote, prefix);
    const open = await openFor(ctx, customer, key, p.document.number);
    if (isHold(open)) return open;
    if (open === "applied")
      return skip(
        `Credit note ${p.document.number} was entered in Sage 100 applied to its invoice: a refund on it is not a receipt.`,
      );
    const planned = planApplication({
      cashMinor: cash,
      openMinor: open,
      settles: p.settles,
      overpaidMinor: convertMinor(p.overpaid.amountMinor, fx),
    });
    if ("tooLarge" in planned)
      return hold(
        "PAYMENT_DOES_NOT_FIT",
        `${label(p)} settles it in KashFlow, but Sage 100 invoice ${key.invoiceNo} has ${sageAmount(open, currency)} ${currency} open against ${sageAmount(cash, currency)} ${currency} received: the difference is more than an exchange difference. Check the invoice in both systems.`,
        "amount",
      );
    split = planned;
    const lines = accountLines(ctx, split);
    if (isHold(lines)) return lines;
    command = receiptCommand(ctx, p, {
      customer,
      checkNo: receiptCheckNo("payment", p.id!),
      bankCode,
      date: dated.date,
      amountMinor: cash,
      accountLines: lines,
      applications: [{ key, amountMinor: split.appliedMinor }],
      description: `KashFlow invoice ${p.document.number}`,
    });
    if (split.unappliedMinor !== 0)
      warnings.push({
        field: "amount",
        message: `${sageAmount(split.unappliedMinor, currency)} ${currency} more than invoice ${key.invoiceNo} had open: left as unapplied cash.`,
      });
  }
  const key = receiptKey(customer, command.payload.checkNo);
  // Reserved before the write: a retry knows a receipt may already be in Sage and looks for it first.
  await reserveCounterpart(meta.id, key);
  return { plan: { kind: "receipt", key, command, facts: factsOf(p), fx, split }, warnings };
}

/** A deleted KashFlow payment: its receipt is cancelled by a negative one ("KR" + the payment id), dated today. */
async function reversalPlan(
  ctx: FlowRun,
  p: KashflowPayment,
  meta: RecordMeta,
): Promise<{ plan: PaymentPlan; warnings: RecordWarning[] } | Hold> {
  const key = (await linkedSage100Key(ctx, MODEL, meta.externalId)) ?? null;
  if (!key) return skip("Deleted in KashFlow before it reached Sage 100.");
  const carried = await lastCarried<Extract<PaymentPlan, { kind: "receipt" }>>(meta.id, ["receipt"]);
  if (!carried)
    return hold(
      "REVERSAL_UNKNOWN",
      `${label(p)} was deleted; Sage 100 has its receipt ${checkNoOf(key)} but Ledgerlink has no record of its lines. Reverse it in Sage 100 by hand.`,
    );
  const negate = (amount: string) =>
    amount.startsWith("-") ? amount.slice(1) : amount === "0.00" ? amount : `-${amount}`;
  const original = carried.command.payload;
  // Sage applies cash only to open items: a receipt on an invoice since paid in full cannot be taken back by Ledgerlink.
  for (const a of original.applications ?? []) {
    const open = await sage100Command(ctx, {
      type: "findDocument",
      payload: {
        kind: "arOpenInvoice",
        division: original.division,
        customerNo: original.customerNo,
        invoiceNo: a.invoiceNo,
        invoiceType: a.invoiceType,
      },
    });
    if (!open.found || sageMinor(open.record?.Balance, ctx.settings.sage100.currency) === 0)
      return hold(
        "REVERSAL_NEEDS_PERSON",
        `${label(p)} was deleted in KashFlow, but Sage 100 invoice ${a.invoiceNo} is paid in full, so its receipt ${original.checkNo} cannot be reversed against it. Reverse the receipt in Sage 100 (or enter a debit memo), then mark this resolved.`,
      );
  }
  const command: ReceiptCommand = {
    type: "createCashReceipt",
    payload: {
      ...original,
      checkNo: receiptCheckNo("reversal", p.id!),
      depositDate: ctx.now.toISOString().slice(0, 10),
      depositDescription: `Reverses ${original.checkNo}`,
      amount: negate(original.amount),
      applications: (original.applications ?? []).map((a) => ({ ...a, amount: negate(a.amount) })),
      accountLines: (original.accountLines ?? []).map((a) => ({ ...a, amount: negate(a.amount) })),
    },
  };
  return { plan: { kind: "reverse", key, command }, warnings: [] };
}

export const paymentsKashflowToSage100: FlowDefinition<KashflowPayment, PaymentPlan> = {
  id: "payments.kashflow_to_sage100",
  label: "Payments: KashFlow → Sage 100 cash receipts and A/P checks",
  model: MODEL,
  source: "KASHFLOW",
  target: "SAGE100",

  // Before anything is read or written: the agent must be there to answer.
  preflight: requireSage100Agent,

  // Detect: payments whose customer, invoice or setting arrived go back to pending; then the invoice and purchase
  // lists, full reads only for documents with money paid whose summary moved, one record per payment line.
  async detect(ctx) {
    await releaseWaiting(ctx, MODEL);
    const kashflow = await ctx.kashflow();
    const paid = (s: { TotalPaidAmount?: string | null }) =>
      Boolean(s.TotalPaidAmount && Number(s.TotalPaidAmount) !== 0);
    // One sweep over both lists: a payment counts missing only when neither list showed it.
    const startedAt = new Date();
    // Payments on documents issued before the company's first carried day pay nothing Sage 100 has.
    const since = await documentsStartDate(ctx);
    const invoices = await sweepKashflowDocuments(ctx, {
      model: MODEL,
      kind: "invoice",
      pages: () => kashflow.invoices.pages(),
      wanted: paid,
      detail: (n) => kashflow.invoices.get(n),
      toRecords: (d, source) => paymentRecords("invoice", d, source),
      unreadableId: (n) => paymentExternalId("invoice", n, "unreadable"),
      sweep: { startedAt, close: false },
      since,
    });
    const purchases = await sweepKashflowDocuments(ctx, {
      model: MODEL,
      kind: "purchase",
      pages: () => kashflow.purchases.pages(),
      wanted: paid,
      detail: (n) => kashflow.purchases.get(n),
      toRecords: (d, source) => paymentRecords("purchase", d, source),
      unreadableId: (n) => paymentExternalId("purchase", n, "unreadable"),
      sweep: { startedAt, close: invoices.complete },
      since,
    });
    return {
      inserted: invoices.inserted + purchases.inserted,
      changed: invoices.changed + purchases.changed,
      unchanged: invoices.unchanged + purchases.unchanged,
      echoes: invoices.echoes + purchases.echoes,
      deleted: purchases.deleted ?? 0,
      complete: invoices.complete && purchases.complete,
    };
  },

  canonical: kashflowPaymentSchema,
  // A payment goes no earlier than the document it pays (a receipt needs its invoice in Sage 100).
  documentDate: (p) => (p.document.issueDate && p.document.issueDate > p.date ? p.document.issueDate : p.date),

  async rules(ctx, p, meta) {
    if (p.fromSage100) return skip("Recorded in Sage 100 and carried to KashFlow by Ledgerlink: not carried back.");
    if (p.document.kind === "purchase") return supplierPaymentRules(ctx, p, meta);
    if (ctx.settings.salesInvoices.mode === "summary")
      return skip(
        "Sales invoices go to Sage 100 as daily journals (summary mode): there is no A/R invoice to apply a receipt to.",
      );
    if (meta.deleted) return reversalPlan(ctx, p, meta);
    if (p.isCreditApplication && p.document.isCreditNote)
      return skip(`The credit-note half of a credit applied to an invoice: carried with the invoice's half.`);
    if (!p.id) return hold("NO_PAYMENT_ID", `KashFlow sent ${label(p)} without an id; it cannot be tracked.`, "id");
    const linked = await linkedSage100Key(ctx, MODEL, meta.externalId);
    if (linked) {
      const carried = await lastCarried<{ facts: PaymentFacts }>(meta.id, ["receipt", "adopt"]);
      const now = factsOf(p);
      if (!carried || sameFacts(carried.facts, now)) return { plan: { kind: "unchanged", key: linked }, warnings: [] };
      return hold(
        "CHANGED_AFTER_POSTING",
        `${label(p)} changed after Sage 100 received it as receipt ${checkNoOf(linked)}. Ledgerlink does not carry it twice: correct the receipt in Sage 100, or put the payment back as it was in KashFlow.`,
      );
    }
    if (meta.counterpartId) {
      // An earlier attempt may have written the receipt before the process died: adopt it rather than guess again.
      const { division, customerNo } = parseCustomerKey(meta.counterpartId.slice(0, meta.counterpartId.indexOf("/")));
      const found = await sage100Command(ctx, {
        type: "findDocument",
        payload: { kind: "cashReceipt", division, customerNo, checkNo: checkNoOf(meta.counterpartId) },
      });
      if (found.found && found.record)
        return {
          plan: { kind: "adopt", key: meta.counterpartId, facts: factsOf(p), receipt: found.record },
          warnings: [],
        };
    }
    return receiptPlan(ctx, p, meta);
  },

  async validate(_ctx, plan) {
    if (
      plan.kind === "receipt" &&
      plan.command.payload.applications!.length + plan.command.payload.accountLines!.length === 0
    )
      return hold("NOTHING_TO_APPLY", "The receipt would apply nothing.");
    return null;
  },

  // Load: createCashReceipt looks the customer + check number up in pending receipts and history before entering;
  // createApManualCheck looks the bank code + check number up in pending checks and check history.
  async load(ctx, plan, meta) {
    if (plan.kind === "skip")
      return { counterpartId: plan.key ?? meta.externalId, request: plan, response: null, skipped: plan.reason };
    if (plan.kind === "unchanged") return { counterpartId: plan.key, request: plan, response: null };
    if (plan.kind === "adopt" || plan.kind === "adopt_check") {
      await rememberWritten(meta.id, plan);
      return { counterpartId: plan.key, request: plan, response: null };
    }
    // created: false is our own receipt found again ("KF" + a KashFlow payment id is ours alone).
    const result = await sage100Command(ctx, plan.command, 60_000);
    await rememberWritten(meta.id, plan);
    return { counterpartId: plan.key, request: plan, response: result };
  },
};
