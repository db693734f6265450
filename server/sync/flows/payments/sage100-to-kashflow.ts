// payments.sage100_to_kashflow — payments recorded in Sage 100 against invoices Ledgerlink posted there flow back to
// the KashFlow invoice, so it shows "Paid" when Sage says so. Detected from AR_OpenInvoice balance changes in the
// agent's change batches; the invoice's posted payments are read from Sage, and those Ledgerlink entered itself (its
// "KF"/"KR"/"KC" check numbers, carried from KashFlow) are never carried back. Each Sage payment becomes one KashFlow
// payment line whose reference names its deposit and check ("Sage 100 00012/1043"): a retry finds it there, and the
// KashFlow → Sage flow knows it and does not carry it back either. The payment that clears the Sage balance pays what
// KashFlow still has due (so both show paid whatever the rates did); others convert back at their date's rate.
import { rateFor } from "../../mappings/run-lookups";
import { z } from "zod";
import type { KfInvoice } from "@/server/integrations/kashflow/schemas/document";
import type { KfPaymentInput } from "@/server/integrations/kashflow/schemas/payloads";
import { wireDate } from "@/server/integrations/kashflow/mappers/common";
import { stamp, text, type SageRow } from "@/server/integrations/sage100/mappers/row";
import { hold, isHold, type FlowDefinition, type Hold } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { currencyCode, decimalToMinor } from "@/server/domain/canonical/money";
import type { RecordWarning } from "@/server/domain/model";
import type { SyncSettings } from "../../settings";
import { convertBackMinor } from "../../rules/fx-split";
import { isLedgerlinkCheckNo } from "../../rules/document-anchors";
import { kashflowNumberOfSageInvoice } from "../../rules/sage-invoice-number";
import { isoOf } from "../../rules/order-status";
import { sageAmount, sageMinor } from "../../documents/support";
import { sage100Reference } from "./records";
import { observeSage100Changes } from "../../sage100/changes";
import { sage100Command } from "../../sage100/command";
import { requireSage100Agent } from "../../sage100/online";
import type { Sage100Side } from "../../sage100/sides";

const MODEL = "payment";

/** What the ledger keeps of an open item: its key, what it came to, what is left (PaymentsToday, unposted, is not). */
export const sageOpenInvoiceSchema = z.object({
  invoice: z.object({
    division: z.string(),
    customerNo: z.string(),
    invoiceNo: z.string(),
    invoiceType: z.enum(["IN", "CM", "DM"]),
  }),
  kashflowNumber: z.string(),
  currency: currencyCode,
  totalMinor: z.number().int(),
  balanceMinor: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type SageOpenInvoice = z.infer<typeof sageOpenInvoiceSchema>;

const invoiceTypeOf = (row: SageRow) => (text(row, "InvoiceType") || "IN") as "IN" | "CM" | "DM";
const keyOfRow = (row: SageRow) =>
  `AR:${text(row, "ARDivisionNo") || "00"}-${text(row, "CustomerNo")}:${text(row, "InvoiceNo")}:${invoiceTypeOf(row)}`;

/** A/R open items of the invoices Ledgerlink derived from KashFlow numbers (Sage's own invoices are not KashFlow's). */
export function openInvoicesSide(settings: SyncSettings): Sage100Side {
  const prefix = settings.salesInvoices.sage100Prefix;
  return {
    model: MODEL,
    table: "AR_OpenInvoice",
    keyOfRow,
    include: (row) =>
      invoiceTypeOf(row) === "IN" && kashflowNumberOfSageInvoice(text(row, "InvoiceNo"), prefix) !== null,
    payloadOfRow: (row, s): SageOpenInvoice => {
      const currency = s.sage100.currency;
      const total = ["TaxableSalesAmt", "NonTaxableSalesAmt", "SalesTaxAmt", "FreightAmt"].reduce(
        (t, c) => t + sageMinor(row[c], currency),
        0,
      );
      return {
        invoice: {
          division: text(row, "ARDivisionNo") || "00",
          customerNo: text(row, "CustomerNo"),
          invoiceNo: text(row, "InvoiceNo"),
          invoiceType: invoiceTypeOf(row),
        },
        kashflowNumber: kashflowNumberOfSageInvoice(text(row, "InvoiceNo"), prefix) ?? "",
        currency,
        totalMinor: total,
        balanceMinor: sageMinor(row.Balance, currency),
        updatedAt: stamp(row, "Updated"),
      };
    },
    find: async (ctx, key) => {
      const m = /^AR:(\d{2})-(.+):([^:]+):(IN|CM|DM)$/.exec(key);
      if (!m) return null;
      const found = await sage100Command(ctx, {
        type: "findDocument",
        payload: {
          kind: "arOpenInvoice",
          division: m[1]!,
          customerNo: m[2]!,
          invoiceNo: m[3]!,
          invoiceType: m[4] as "IN",
        },
      });
      return found.found && found.record ? found.record : null;
    },
  };
}

export type PaymentsBackPlan =
  | { kind: "add"; kashflowNumber: string; payments: KfPaymentInput[] }
  | { kind: "none"; kashflowNumber: string; reason: string };

/** Where a payment recorded in Sage lands in KashFlow: the chosen account and method, else KashFlow's default. */
async function bankOf(ctx: FlowRun): Promise<{ AccountId: number; Method: number } | Hold> {
  const { kashflowBankAccountId, kashflowMethodId } = ctx.settings.payments;
  const accounts =
    kashflowBankAccountId && kashflowMethodId
      ? []
      : await (await ctx.kashflow()).bankAccounts({ includeArchived: false });
  const account = kashflowBankAccountId
    ? accounts.find((a) => a.Id === kashflowBankAccountId)
    : (accounts.find((a) => a.IsDefaultAccount) ?? accounts[0]);
  const accountId = kashflowBankAccountId ?? account?.Id ?? null;
  const method = kashflowMethodId ?? account?.DefaultInvoicePaymentType?.Id ?? null;
  if (!accountId || !method)
    return hold(
      "NO_KASHFLOW_BANK",
      "Choose the KashFlow bank account and payment method for payments recorded in Sage 100 in sync settings.",
      "payments.kashflowBankAccountId",
    );
  return { AccountId: accountId, Method: method };
}

/**
 * The KashFlow payments still to add for the Sage payments of one invoice, oldest first. Pure apart from the rate
 * lookups `rateBack` does; `dueMinor` is what KashFlow still has due, in pounds.
 */
export async function paymentsToAdd(
  o: {
    open: SageOpenInvoice;
    rows: readonly SageRow[];
    invoice: Pick<KfInvoice, "PaymentLines">;
    dueMinor: number;
    bank: { AccountId: number; Method: number };
  },
  rateBack: (day: string, amountMinor: number) => Promise<number | Hold>,
): Promise<KfPaymentInput[] | Hold> {
  const carried = new Set((o.invoice.PaymentLines ?? []).map((l) => l.Reference ?? ""));
  let due = o.dueMinor;
  let paidInSage = 0;
  const out: KfPaymentInput[] = [];
  for (const row of o.rows) {
    const amount = sageMinor(row.TransactionAmt, o.open.currency) + sageMinor(row.DiscountAmount, o.open.currency);
    paidInSage += amount;
    const checkNo = text(row, "CheckNo");
    const reference = sage100Reference(text(row, "DepositNo"), checkNo);
    if (amount === 0 || isLedgerlinkCheckNo(checkNo) || carried.has(reference)) continue;
    const day = isoOf(text(row, "TransactionDate")) ?? isoOf(text(row, "PostingDate"));
    if (!day)
      return hold(
        "NO_PAYMENT_DATE",
        `Sage 100 payment ${checkNo} on invoice ${o.open.invoice.invoiceNo} has no date.`,
        "TransactionDate",
      );
    // The payment that clears Sage's balance clears KashFlow's too, whatever the rates did in between.
    const clears = paidInSage >= o.open.totalMinor && o.open.balanceMinor <= 0;
    const back = await rateBack(day, amount);
    if (isHold(back)) return back;
    const pounds = clears ? due : Math.min(back, due);
    if (pounds <= 0) continue;
    due -= pounds;
    out.push({
      Date: wireDate(day),
      Amount: Number(sageAmount(pounds, "GBP")),
      Method: o.bank.Method,
      AccountId: o.bank.AccountId,
      Reference: reference,
      Note: `Recorded in Sage 100 on invoice ${o.open.invoice.invoiceNo}`,
    });
  }
  return out;
}

export const paymentsSage100ToKashflow: FlowDefinition<SageOpenInvoice, PaymentsBackPlan> = {
  id: "payments.sage100_to_kashflow",
  label: "Payments: Sage 100 → KashFlow (Paid)",
  model: MODEL,
  source: "SAGE100",
  target: "KASHFLOW",
  // Woken as soon as the agent pushes open-item changes, not at the next poll.
  wakeOn: ["AR_OpenInvoice"],

  // Detect: the open items the agent saw change (balances of Ledgerlink's invoices), oldest batch first.
  async detect(ctx) {
    const seen = await observeSage100Changes(ctx, openInvoicesSide(ctx.settings));
    return { ...seen, complete: false };
  },

  canonical: sageOpenInvoiceSchema,

  // Rules: nothing paid in Sage, nothing to do; otherwise Sage's posted payments that did not come from Ledgerlink and
  // are not on the KashFlow invoice yet.
  async rules(ctx, open) {
    const none = (reason: string) => ({
      plan: { kind: "none" as const, kashflowNumber: open.kashflowNumber, reason },
      warnings: [] as RecordWarning[],
    });
    if (open.balanceMinor >= open.totalMinor) return none("Nothing paid in Sage 100.");
    await requireSage100Agent(ctx);
    const { rows } = await sage100Command(ctx, { type: "readInvoicePayments", payload: open.invoice });
    if (!rows.some((r) => !isLedgerlinkCheckNo(text(r, "CheckNo"))))
      return none("Every payment on it in Sage 100 came from KashFlow.");
    const invoice = await (await ctx.kashflow()).invoices.find(Number(open.kashflowNumber));
    if (!invoice) return none(`KashFlow no longer has invoice ${open.kashflowNumber}.`);
    const bank = await bankOf(ctx);
    if (isHold(bank)) return bank;
    const home = "GBP";
    const planned = await paymentsToAdd(
      { open, rows, invoice, dueMinor: decimalToMinor(invoice.DueAmount ?? "0", 2), bank },
      async (day, amountMinor) => {
        const rate = await rateFor(ctx, home, open.currency, day);
        return isHold(rate) ? rate : convertBackMinor(amountMinor, rate);
      },
    );
    if (isHold(planned)) return planned;
    return planned.length
      ? { plan: { kind: "add", kashflowNumber: open.kashflowNumber, payments: planned }, warnings: [] }
      : none("KashFlow already has every payment Sage 100 recorded.");
  },

  validate: async () => null,

  // Load: each payment added only if the invoice does not have it yet (its reference), so a retry adds nothing twice.
  async load(ctx, plan) {
    const counterpartId = `invoice:${plan.kashflowNumber}`;
    if (plan.kind === "none") return { counterpartId, request: plan, response: null };
    const kashflow = await ctx.kashflow();
    const current = await kashflow.invoices.get(Number(plan.kashflowNumber));
    const have = new Set((current.PaymentLines ?? []).map((l) => l.Reference ?? ""));
    const added: unknown[] = [];
    for (const payment of plan.payments) {
      if (have.has(payment.Reference ?? "")) continue;
      added.push((await kashflow.invoices.addPayment(Number(plan.kashflowNumber), payment)).payment);
    }
    return { counterpartId, request: plan, response: { added } };
  },
};
