// Supplier payments → Sage 100 A/P manual checks (Manual Check and Payment Entry): a KashFlow payment on a bill
// becomes a check to the bill's vendor paying the A/P invoice the purchases flow posted for it, converted at the
// payment date's rate. A/P keeps no unapplied cash, so a payment beyond the bill's Sage balance is held; one that
// settles the bill at another rate books the difference on the exchange-difference account. The bank code comes
// from payment method → bank; the check number is "KF" + the KashFlow payment id, reserved before the write so a
// retry finds the check. A payment deleted after its check is in Sage 100 is held for a person to void the check.
import type { CommandInput } from "@/agent/src/protocol";
import { mappingsOf, rateFor } from "../../mappings/run-lookups";
import { parseVendorKey, type VendorKey } from "@/server/integrations/sage100/mappers/vendor";
import { hold, isHold, type Hold, type RecordMeta } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { conversionWarning, convertMinor, type UsedRate } from "../../mappings/fx";
import { mapOrHold } from "../../mappings/lookup";
import type { RecordWarning } from "@/server/domain/model";
import { planCheckApplication } from "../../rules/cash-application";
import { apCheckNo } from "../../rules/document-anchors";
import { linkedSage100Key, reserveCounterpart } from "../../counterparts/links";
import { waitFor } from "../../counterparts/target";
import { lastCarried, sageAmount, sageMinor } from "../../documents/support";
import { factsOf, label, sameFacts, type PaymentFacts } from "./facts";
import type { KashflowPayment } from "./records";
import { postingDateFor } from "../../documents/periods";
import { sage100Command } from "../../sage100/command";
import { waitForLink, waitForSetting } from "../../documents/waiting";

const MODEL = "payment";
export type CheckCommand = Extract<CommandInput, { type: "createApManualCheck" }>;

export type CheckPlan =
  | {
      kind: "check";
      key: string;
      command: CheckCommand;
      facts: PaymentFacts;
      fx: UsedRate;
      split: { appliedMinor: number; fxDifferenceMinor: number };
    }
  /** A retry found the check its earlier attempt entered (the process died before the ledger heard of it). */
  | { kind: "adopt_check"; key: string; facts: PaymentFacts; check: Record<string, unknown> }
  | { kind: "unchanged"; key: string }
  | { kind: "skip"; key: string | null; reason: string };

type Ruled = { plan: CheckPlan; warnings: RecordWarning[] } | Hold;

/** The ledger's key of a check: "check:" + Sage's own key, bank code + check number. */
export const checkKey = (bankCode: string, checkNo: string): string => `check:${bankCode}/${checkNo}`;
export function parseCheckKey(key: string): { bankCode: string; checkNo: string } {
  const rest = key.slice("check:".length);
  return { bankCode: rest.slice(0, rest.indexOf("/")), checkNo: rest.slice(rest.indexOf("/") + 1) };
}
export const isCheckKey = (key: string): boolean => key.startsWith("check:");

const skip = (reason: string, key: string | null = null): Ruled => ({
  plan: { kind: "skip", key, reason },
  warnings: [],
});
const sentence = (p: KashflowPayment) => label(p).replace(/^the/, "The");

/** The Sage 100 A/P invoice the purchases flow posted for the bill, and what it still has open; a wait until then. */
async function billFor(
  ctx: FlowRun,
  p: KashflowPayment,
): Promise<{ vendor: VendorKey; invoiceNo: string; openMinor: number } | Hold> {
  const link = await linkedSage100Key(ctx, "purchase_invoice", p.document.number);
  if (!link)
    return waitForLink(
      "purchase_invoice",
      p.document.number,
      `Waiting for KashFlow purchase ${p.document.number} to reach Sage 100 as an A/P invoice; ${label(p)} is paid against it.`,
    );
  const vendor = parseVendorKey(link.slice(0, link.indexOf("/")));
  const invoiceNo = link.slice(link.indexOf("/") + 1);
  const open = await sage100Command(ctx, {
    type: "findDocument",
    payload: { kind: "apOpenInvoice", ...vendor, invoiceNo },
  });
  // Checks still in data entry (payments not posted at once) are not in the balance yet.
  if (open.found && open.record)
    return {
      vendor,
      invoiceNo,
      openMinor:
        sageMinor(open.record.Balance, ctx.settings.sage100.currency) -
        sageMinor(open.record.PendingChecksAmt, ctx.settings.sage100.currency),
    };
  const entered = await sage100Command(ctx, {
    type: "findDocument",
    payload: { kind: "apInvoice", ...vendor, invoiceNo },
  });
  if (entered.found && entered.state === "pending")
    throw waitFor(
      `Sage 100 A/P invoice ${invoiceNo} to be posted (it is still in batch ${String(entered.record?.BatchNo ?? "")})`,
    );
  return hold(
    "NO_OPEN_ITEM",
    `Sage 100 has no open A/P invoice ${invoiceNo} for vendor ${vendor.vendorNo} to pay ${label(p)} against. Check the bill in Sage 100.`,
    "document",
  );
}

/** The check for a supplier payment not carried before. */
async function checkPlan(ctx: FlowRun, p: KashflowPayment, meta: RecordMeta): Promise<Ruled> {
  if (!p.methodId)
    return hold(
      "NO_METHOD",
      `KashFlow has no payment method on ${label(p)}; Sage 100 needs one for its bank code.`,
      "methodId",
    );
  const bankCode = mapOrHold(await mappingsOf(ctx), "payment_method_to_bank", p.methodId);
  if (isHold(bankCode)) return bankCode;
  const currency = ctx.settings.sage100.currency;
  const fx = await rateFor(ctx, p.amount.currency, currency, p.date);
  if (isHold(fx)) return fx;
  // Never into a closed period: held with Sage's reason, or re-dated to the first open day when the company chose so.
  const dated = await postingDateFor(ctx, { date: p.date, journal: "AP_CHECK", what: sentence(p) });
  if (isHold(dated)) return dated;
  const bill = await billFor(ctx, p);
  if (isHold(bill)) return bill;
  const cash = convertMinor(p.amount.amountMinor, fx);
  const planned = planCheckApplication({
    cashMinor: cash,
    openMinor: bill.openMinor,
    settles: p.settles,
    overpaidMinor: convertMinor(p.overpaid.amountMinor, fx),
  });
  const amounts = `${sageAmount(cash, currency)} ${currency} paid against ${sageAmount(bill.openMinor, currency)} ${currency} open`;
  if ("exceeds" in planned)
    return hold(
      "PAYMENT_EXCEEDS_BILL",
      `${sentence(p)} is more than Sage 100 A/P invoice ${bill.invoiceNo} has open (${amounts}), and a Sage 100 check cannot leave money unapplied. Check the bill and its payments in both systems; enter the difference in Sage 100 by hand if it is right.`,
      "amount",
    );
  if ("tooLarge" in planned)
    return hold(
      "PAYMENT_DOES_NOT_FIT",
      `${sentence(p)} settles it in KashFlow, but Sage 100 A/P invoice ${bill.invoiceNo} has a different amount open (${amounts}): the difference is more than an exchange difference. Check the bill in both systems.`,
      "amount",
    );
  const accountLines: NonNullable<CheckCommand["payload"]["accountLines"]> = [];
  if (planned.fxDifferenceMinor !== 0) {
    const account = ctx.settings.payments.fxDifferenceAccount;
    if (!account)
      return waitForSetting(
        "payments.fxDifferenceAccount",
        "This payment settles the bill at another exchange rate: choose the Sage 100 G/L account for exchange differences in sync settings.",
      );
    accountLines.push({
      account,
      amount: sageAmount(planned.fxDifferenceMinor, currency),
      comment: "Exchange difference",
    });
  }
  const checkNo = apCheckNo(p.id!);
  const command: CheckCommand = {
    type: "createApManualCheck",
    payload: {
      ...bill.vendor,
      bankCode,
      checkNo,
      checkDate: dated.date,
      amount: sageAmount(cash, currency),
      comment: `KashFlow purchase ${p.document.number}${p.reference ? ` ${p.reference}` : ""}`.slice(0, 40),
      applications: [{ invoiceNo: bill.invoiceNo, amount: sageAmount(planned.appliedMinor, currency) }],
      accountLines,
      batch: { post: ctx.settings.payments.post, comment: "Ledgerlink checks" },
    },
  };
  const key = checkKey(bankCode, checkNo);
  // Reserved before the write: a retry knows a check may already be in Sage and looks for it first.
  await reserveCounterpart(meta.id, key);
  const warnings: RecordWarning[] = [
    ...dated.warnings,
    ...conversionWarning({ rate: fx, documentDay: p.date, noun: "payment", field: "amount" }),
  ];
  return { plan: { kind: "check", key, command, facts: factsOf(p), fx, split: planned }, warnings };
}

/** Deleted in KashFlow: Ledgerlink never voids a check, so one Sage 100 has is held for a person. */
async function deletedPlan(ctx: FlowRun, p: KashflowPayment, meta: RecordMeta): Promise<Ruled> {
  const key = (await linkedSage100Key(ctx, MODEL, meta.externalId)) ?? meta.counterpartId;
  if (!key || !isCheckKey(key)) return skip("Deleted in KashFlow before it reached Sage 100.");
  const { bankCode, checkNo } = parseCheckKey(key);
  const found = await sage100Command(ctx, {
    type: "findDocument",
    payload: { kind: "apManualCheck", bankCode, checkNo },
  });
  if (!found.found)
    return skip(`Deleted in KashFlow, and Sage 100 has no check ${checkNo} on bank code ${bankCode}.`, key);
  if (found.state === "pending")
    return hold(
      "CHECK_NEEDS_PERSON",
      `${sentence(p)} was deleted in KashFlow. Its Sage 100 check ${checkNo} (bank code ${bankCode}) is not posted yet: delete it from batch ${String(found.record?.BatchNo ?? "")} in A/P Manual Check and Payment Entry, then retry this record.`,
    );
  return hold(
    "CHECK_NEEDS_PERSON",
    `${sentence(p)} was deleted in KashFlow after Sage 100 posted it as check ${checkNo} (bank code ${bankCode}). Void check ${checkNo} in Sage 100 (A/P Manual Check and Payment Entry, check type Void) to reopen the bill: Ledgerlink does not void checks.`,
  );
}

/** Rules for a payment on a KashFlow purchase (a supplier payment). */
export async function supplierPaymentRules(ctx: FlowRun, p: KashflowPayment, meta: RecordMeta): Promise<Ruled> {
  if (meta.deleted) return deletedPlan(ctx, p, meta);
  if (ctx.settings.sage100.supplierPayments === "skip")
    return skip(
      'Supplier payments are not carried for this company (sync setting "Supplier payments"): record it in Sage 100 under A/P Manual Check and Payment Entry.',
    );
  if (p.document.isCreditNote)
    return skip("A refund on a KashFlow purchase credit note is not a Sage 100 check: record it in Sage 100 by hand.");
  if (p.amount.amountMinor <= 0)
    return skip(
      `${sentence(p)} is not money paid to the supplier: a Sage 100 check cannot carry it. Record it in Sage 100 by hand.`,
    );
  if (!p.id) return hold("NO_PAYMENT_ID", `KashFlow sent ${label(p)} without an id; it cannot be tracked.`, "id");
  const linked = await linkedSage100Key(ctx, MODEL, meta.externalId);
  if (linked) {
    const carried = await lastCarried<{ facts: PaymentFacts }>(meta.id, ["check", "adopt_check"]);
    if (!carried || sameFacts(carried.facts, factsOf(p)))
      return { plan: { kind: "unchanged", key: linked }, warnings: [] };
    return hold(
      "CHANGED_AFTER_POSTING",
      `${sentence(p)} changed after Sage 100 received it as check ${parseCheckKey(linked).checkNo}. Ledgerlink does not carry it twice: correct the check in Sage 100, or put the payment back as it was in KashFlow.`,
    );
  }
  if (meta.counterpartId && isCheckKey(meta.counterpartId)) {
    // An earlier attempt may have written the check before the process died: adopt it rather than write again.
    const found = await sage100Command(ctx, {
      type: "findDocument",
      payload: { kind: "apManualCheck", ...parseCheckKey(meta.counterpartId) },
    });
    if (found.found && found.record)
      return {
        plan: { kind: "adopt_check", key: meta.counterpartId, facts: factsOf(p), check: found.record },
        warnings: [],
      };
  }
  return checkPlan(ctx, p, meta);
}
