// What sales invoices and purchases share: lines with tax, totals, status, currency (§7, §8.4, §14).
import { AppError } from "@/lib/errors";
import type { DocumentLine } from "@/server/domain/canonical/document-line";
import {
  decimalToMinor,
  currencyExponent,
  isNegativeDecimal,
  money,
  multiplyDecimal,
  type Money,
} from "@/server/domain/canonical/money";
import type { DocumentStatus } from "@/server/domain/canonical/sales-invoice";
import type { KfInvoice, KfLineItem, KfPurchase } from "../schemas/document";
import type { KfLineInput } from "../schemas/payloads";
import { accountCode, isoDateOf, nominalCode, text, type MapperOptions } from "./common";
import { fromHome, toHome, usableRate } from "./home-currency";
import { paymentLineToPayment } from "./payment";

type KfDocument = KfInvoice | KfPurchase;

/** Line net = quantity × rate rounded to the penny, half away from zero (§14). */
export function lineToCanonical(l: KfLineItem, index: number, currency: string): DocumentLine {
  const quantity = l.Quantity ?? "0";
  const unitPrice = l.Rate ?? "0";
  const exempt = l.VATExempt ?? false;
  return {
    lineNumber: l.Number ?? index + 1,
    description: l.Description ?? "",
    quantity,
    unitPrice,
    accountCode: accountCode(l.NominalCode),
    itemCode: text(l.ProductCode),
    net: { amountMinor: decimalToMinor(multiplyDecimal(quantity, unitPrice), currencyExponent(currency)), currency },
    tax: { rate: exempt ? null : (l.VATLevel ?? "0"), exempt, amount: money(l.VATAmount ?? "0", currency) },
    projectNumber: l.ProjectNumber ? l.ProjectNumber : null,
  };
}

export function lineToKashflow(l: DocumentLine): KfLineInput {
  return {
    Number: l.lineNumber,
    Description: l.description,
    Quantity: Number(l.quantity),
    Rate: Number(l.unitPrice),
    VATLevel: Number(l.tax.rate ?? "0"),
    VATExempt: l.tax.exempt,
    ...(l.accountCode !== null ? { NominalCode: nominalCode(l.accountCode, `lines.${l.lineNumber}.accountCode`) } : {}),
    ...(l.itemCode ? { ProductCode: l.itemCode } : {}),
    ...(l.projectNumber ? { ProjectNumber: l.projectNumber } : {}),
  };
}

const STATUS: Record<string, DocumentStatus> = {
  paid: "paid",
  unpaid: "unpaid",
  overdue: "overdue",
  overpaid: "overpaid",
  na: "zero_value",
};

function status(d: KfDocument, paid: Money): DocumentStatus {
  const s = STATUS[(d.Status ?? "").toLowerCase()];
  if (s === "unpaid" && paid.amountMinor !== 0) return "part_paid";
  if (s) return s;
  // Unknown status text: judge by the amounts.
  const due = d.DueAmount ? decimalToMinor(d.DueAmount, 2) : null;
  if (due === 0) return "paid";
  return paid.amountMinor !== 0 ? "part_paid" : "unpaid";
}

/** The fields both canonical document kinds share. */
export function documentCommon(d: KfDocument, kind: "invoice" | "purchase", o: MapperOptions = {}) {
  const homeCurrency = (o.homeCurrency ?? "GBP").toUpperCase();
  if (!d.LineItems)
    throw new AppError(
      "INTERNAL",
      `We need the full ${kind} ${d.Number} (with its lines), but were given a list summary. Our team has been alerted.`,
      {
        retryClass: "BUG",
        reason: "SummaryNotDetail",
      },
    );
  const currency = (d.Currency?.Code ?? homeCurrency).toUpperCase();
  const issueDate = isoDateOf(d.IssuedDate);
  if (!issueDate)
    throw new AppError(
      "INTERNAL",
      `KashFlow sent ${kind} ${d.Number} without an issue date. Our team has been alerted.`,
      { retryClass: "BUG", reason: "MissingIssueDate" },
    );
  const paid = money(d.TotalPaidAmount ?? "0", homeCurrency);
  const gross = d.GrossAmount ?? "0";
  const totals = {
    net: money(d.NetAmount ?? "0", currency),
    tax: money(d.VATAmount ?? "0", currency),
    gross: money(gross, currency),
  };
  const rate = d.Currency?.ExchangeRate ?? (currency === homeCurrency ? "1" : null);
  // Home fields KashFlow left out are derived from the rate, never copied from the foreign amounts (§8.4).
  const inHome = (field: string | null | undefined, amount: Money, what: string): Money => {
    if (field != null) return money(field, homeCurrency);
    if (currency === homeCurrency) return { amountMinor: amount.amountMinor, currency: homeCurrency };
    if (!usableRate(rate))
      throw new AppError(
        "INTERNAL",
        `KashFlow sent ${kind} ${d.Number} in ${currency} without its ${what} in ${homeCurrency} or an exchange rate. Our team has been alerted.`,
        { retryClass: "BUG", reason: "MissingExchangeRate" },
      );
    return toHome(amount, rate, homeCurrency);
  };
  const homeTotals = {
    net: d.HomeCurrencyNetAmount != null ? money(d.HomeCurrencyNetAmount, homeCurrency) : null,
    tax: inHome(d.HomeCurrencyVATAmount, totals.tax, "VAT"),
    gross: inHome(d.HomeCurrencyGrossAmount, totals.gross, "gross amount"),
  };
  // Without DueAmount, what is due is total − paid (paid is in GBP: compared in the currency DueAmount would be in).
  const dueOf = (doc: KfDocument, dueCurrency: string): Money => {
    if (doc.DueAmount != null) return money(doc.DueAmount, dueCurrency);
    if (dueCurrency === homeCurrency)
      return { amountMinor: homeTotals.gross.amountMinor - paid.amountMinor, currency: homeCurrency };
    const paidHere = usableRate(rate) ? fromHome(paid, rate, currency) : paid;
    return { amountMinor: totals.gross.amountMinor - paidHere.amountMinor, currency };
  };
  return {
    number: String(d.Number),
    issueDate,
    dueDate: isoDateOf(d.DueDate),
    currency,
    exchangeRate: d.Currency?.ExchangeRate ?? "1",
    isCreditNote: isNegativeDecimal(gross) || (d.Type ?? "").toLowerCase() === "creditnote",
    lines: d.LineItems.map((l, i) => lineToCanonical(l, i, currency)),
    totals,
    // TotalPaidAmount is in the home currency [DOC]; DueAmount's currency is unconfirmed (§8.4 [INF]).
    balance: { paid, due: dueOf(d, o.dueAmountCurrency === "document" ? currency : homeCurrency) },
    homeTotals,
    status: status(d, paid),
    payments: (d.PaymentLines ?? []).map((p) =>
      paymentLineToPayment(p, { kind, number: d.Number, issueDate }, homeCurrency),
    ),
    projectNumber: d.ProjectNumber ? d.ProjectNumber : null,
    createdAt: d.CreatedDate ?? null,
    updatedAt: d.LastUpdatedDate ?? null,
  };
}

/** A canonical document Number as KashFlow's integer, or undefined to let KashFlow choose (§7.1). */
export function documentNumber(n: string, kind: string): number | undefined {
  if (/^\d+$/.test(n)) return Number(n);
  throw new AppError(
    "BAD_REQUEST",
    `KashFlow ${kind} numbers are whole numbers; "${n}" cannot be used. Leave the number empty to let KashFlow choose one.`,
    {
      retryClass: "NEEDS_USER",
      reason: "InvalidDocumentNumber",
      fieldErrors: { number: ["must be a whole number for KashFlow"] },
    },
  );
}
