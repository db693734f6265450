// What a KashFlow sales invoice posts in Sage 100, whichever way it goes (an A/R invoice or a share of the day's
// journal): each line on the G/L account its nominal maps to with the tax class its VAT rate maps to, the VAT of
// each rate on its own line (Sage 100 computes US sales tax, not VAT, so VAT travels as an amount on the VAT
// account), everything converted into Sage's dollars at the invoice date's rate by the one rounding policy
// (rules/fx-split.ts: per line, the total the sum of the lines), and the date Sage 100 will take.
import { z } from "zod";
import type { POSTING_JOURNALS } from "@/agent/src/protocol";
import { hashPayload } from "../../ledger/observe";
import {
  decimalToMinor,
  minorToDecimal,
  multiplyDecimal,
  moneySchema,
  type DecimalString,
} from "@/server/domain/canonical/money";
import { salesInvoiceSchema, type SalesInvoice } from "@/server/domain/canonical/sales-invoice";
import { isHold, type Hold } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import type { RecordWarning } from "@/server/domain/model";
import { FitLog } from "@/server/domain/rules/text-fit";
import { convertDocument } from "../../rules/fx-split";
import { SAGE100_CURRENCY } from "../../tie-out/compute";
import { mapped, rateFor, sageItemOf } from "./lookups";
import { postingDateFor } from "../../documents/periods";
import { documentNoun } from "../../rules/sales-invoice-checks";
import { conversionWarning, type UsedRate } from "../../mappings/fx";

/** KashFlow's standard chart: VAT Liability and Trade Debtors, mapped to Sage 100 accounts like any other nominal. */
export const VAT_NOMINAL = "2200";
export const DEBTORS_NOMINAL = "1100";

/** A KashFlow sales invoice as the flow stores it: canonical, plus the credit-note applications seen on it. */
export const storedSalesInvoiceSchema = salesInvoiceSchema.extend({
  /** KashFlow's bulk-payment pairs that apply a credit note to an invoice (−X on the note, +X on the invoice). */
  creditApplications: z.array(z.object({ bulkId: z.string(), amount: moneySchema })).default([]),
});
export type StoredSalesInvoice = z.infer<typeof storedSalesInvoiceSchema>;

export const postingLineSchema = z.object({
  kind: z.enum(["sale", "vat"]),
  description: z.string(),
  account: z.string(),
  taxClass: z.string(),
  itemCode: z.string(),
  /** Sale lines: the quantity and unit price as Sage takes them (positive; a credit memo carries the sign). */
  quantity: z.string().nullable(),
  unitPrice: z.string().nullable(),
  /** In Sage 100's currency, signed as in KashFlow (negative on credit notes). */
  amountMinor: z.number().int(),
});
export type PostingLine = z.infer<typeof postingLineSchema>;

export type Posting = {
  number: string;
  isCreditNote: boolean;
  /** The date Sage 100 takes (the issue date, or the first open day when re-dated). */
  date: string;
  issueDate: string;
  sourceCurrency: string;
  /** Null when the invoice is already in Sage's currency. */
  fx: UsedRate | null;
  /** In Sage 100's currency, signed as in KashFlow. */
  totalMinor: number;
  lines: PostingLine[];
  fingerprint: string;
};

/** What was posted, as a hash: payments, balances and status changes leave it alone; an edit to what was posted does not. */
export function postingFingerprint(inv: SalesInvoice): string {
  return hashPayload({
    customer: inv.customerCode,
    issueDate: inv.issueDate,
    currency: inv.currency,
    isCreditNote: inv.isCreditNote,
    totals: inv.totals,
    lines: inv.lines.map((l) => ({
      n: l.lineNumber,
      d: l.description,
      q: l.quantity,
      p: l.unitPrice,
      a: l.accountCode,
      i: l.itemCode,
      net: l.net,
      tax: l.tax,
    })),
  });
}

/** The VAT-rate key of the vat_to_tax_class mapping: "20", "17.5", "0", or "EXEMPT". */
export const vatKey = (tax: SalesInvoice["lines"][number]["tax"]): string =>
  tax.exempt || tax.rate === null ? "EXEMPT" : tax.rate;

const abs = (d: DecimalString) => d.replace(/^-/, "");
/** A decimal rounded half away from zero to Sage's 6 places for quantities and prices. */
const six = (d: DecimalString) => minorToDecimal(decimalToMinor(d, 6), 6);

type Journal = (typeof POSTING_JOURNALS)[number];

export async function buildPosting(
  ctx: FlowRun,
  inv: SalesInvoice,
  o: { journal: Journal; fingerprint: string },
): Promise<{ posting: Posting; warnings: RecordWarning[] } | Hold> {
  const what = `KashFlow ${documentNoun(inv)} ${inv.number}`;
  const fit = new FitLog();
  const sale: Omit<PostingLine, "amountMinor">[] = [];
  const vatKeys: { key: string; taxClass: string }[] = [];
  for (const [i, l] of inv.lines.entries()) {
    if (!l.accountCode)
      return {
        hold: true,
        code: "NO_NOMINAL",
        message: `Line ${l.lineNumber} of ${what} has no nominal code. Choose one in KashFlow.`,
        field: `lines.${i}.accountCode`,
      };
    const account = await mapped(ctx, "nominal_to_gl", l.accountCode);
    if (isHold(account)) return account;
    const taxClass = await mapped(ctx, "vat_to_tax_class", vatKey(l.tax));
    if (isHold(taxClass)) return taxClass;
    const description = fit.fit(
      l.description || l.itemCode || `Line ${l.lineNumber}`,
      30,
      `lines.${i}.description`,
      `The description of line ${l.lineNumber}`,
    );
    sale.push({
      kind: "sale",
      description,
      account,
      taxClass,
      itemCode: await sageItemOf(ctx, l),
      quantity: abs(l.quantity),
      unitPrice: abs(l.unitPrice),
    });
    vatKeys.push({ key: vatKey(l.tax), taxClass });
  }

  // Converted at the invoice date's rate by the one rounding policy (rules/fx-split.ts): each line's gross and VAT
  // rounded on their own, the sale line its net, each VAT rate's line the sum of its lines' converted VAT.
  let fx: UsedRate | null = null;
  const fxWarnings: RecordWarning[] = [];
  let rate: UsedRate = { from: inv.currency, to: SAGE100_CURRENCY, day: inv.issueDate, rate: "1" };
  if (inv.currency !== SAGE100_CURRENCY) {
    const found = await rateFor(ctx, inv.currency, SAGE100_CURRENCY, inv.issueDate);
    if (isHold(found)) return found;
    fx = rate = found;
    fxWarnings.push(
      ...conversionWarning({
        rate,
        documentDay: inv.issueDate,
        noun: documentNoun(inv),
        field: "currency",
        onlyOlderRate: true,
      }),
    );
    for (const l of sale) l.unitPrice = six(abs(multiplyDecimal(l.unitPrice ?? "0", rate.rate)));
  } else {
    for (const l of sale) l.unitPrice = six(l.unitPrice ?? "0");
  }
  for (const l of sale) l.quantity = six(l.quantity ?? "0");
  const converted = convertDocument(
    inv.lines.map((l) => ({ netMinor: l.net.amountMinor, vatMinor: l.tax.amount.amountMinor })),
    rate,
  );
  const vatByKey = new Map<string, { taxClass: string; minor: number }>();
  for (const [i, k] of vatKeys.entries()) {
    if (inv.lines[i]!.tax.amount.amountMinor === 0) continue;
    const before = vatByKey.get(k.key);
    vatByKey.set(k.key, { taxClass: k.taxClass, minor: (before?.minor ?? 0) + converted.lines[i]!.vatMinor });
  }
  const vat: PostingLine[] = [];
  if (vatByKey.size) {
    const account = await mapped(ctx, "nominal_to_gl", VAT_NOMINAL);
    if (isHold(account)) return account;
    for (const [key, v] of vatByKey)
      vat.push({
        kind: "vat",
        description: key === "EXEMPT" ? "VAT" : `VAT ${key}%`,
        account,
        taxClass: v.taxClass,
        itemCode: ctx.settings.sage100.invoiceItem,
        quantity: null,
        unitPrice: null,
        amountMinor: v.minor,
      });
  }

  const dated = await postingDateFor(ctx, { date: inv.issueDate, journal: o.journal, what });
  if (isHold(dated)) return dated;
  const lines = [...sale.map((l, i) => ({ ...l, amountMinor: converted.lines[i]!.netMinor })), ...vat];
  return {
    posting: {
      number: inv.number,
      isCreditNote: inv.isCreditNote,
      date: dated.date,
      issueDate: inv.issueDate,
      sourceCurrency: inv.currency,
      fx,
      totalMinor: converted.grossMinor,
      lines,
      fingerprint: o.fingerprint,
    },
    warnings: [...fit.warnings, ...fxWarnings, ...dated.warnings],
  };
}
