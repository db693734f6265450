// Posting one A/R or S/O invoice: AR_OpenInvoice (or a credit memo applied to its invoice), AR_InvoiceHistory
// Header/Detail (InvoiceNo+HeaderSeqNo), customer balance, and the balanced G/L entries (A/R, sales, tax, freight,
// cost of goods for inventory items). plan* validates and computes; apply* writes.
import { extension, fromUnits, subAmounts, sumAmounts, toUnits } from "../money";
import type { Company, Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { fail } from "../boi/errors";
import { nextHistorySeq } from "../objects/document-helpers";
import { requireCustomer, taxByCode } from "../validation/lookups";
import { signed, type GlEntry } from "./gl";

export interface ArInvoicePlan {
  header: Row;
  lines: Row[];
  moduleCode: "A/R" | "S/O";
  total: number;
  sign: 1 | -1;
  applyTo: Row | null;
  gl: GlEntry[];
}

export function invoiceTotal(h: Row): number {
  return sumAmounts([
    Number(h.TaxableSalesAmt ?? 0),
    Number(h.NonTaxableSalesAmt ?? 0),
    Number(h.SalesTaxAmt ?? 0),
    Number(h.FreightAmt ?? 0),
  ]);
}

const neg = (a: number): number => fromUnits(-toUnits(a, 2), 2);

export function planArInvoice(company: Company, header: Row, lines: Row[], moduleCode: "A/R" | "S/O"): ArInvoicePlan {
  const div = String(header.ARDivisionNo);
  requireCustomer(company, div, String(header.CustomerNo), { allowInactive: true });
  const division = company.t("AR_Division").get([div]);
  if (!division) fail("NOT_ON_FILE", { column: "ARDivisionNo" });
  const sign: 1 | -1 = header.InvoiceType === "CM" ? -1 : 1;
  const s = (a: number) => (sign === 1 ? a : neg(a));
  const total = invoiceTotal(header);
  const ref = `${moduleCode === "A/R" ? "AR" : "SO"} ${String(header.InvoiceNo)}`;
  const gl: GlEntry[] = [signed(String(division.ARAccountKey), s(total), `Invoice ${String(header.InvoiceNo)}`, ref)];
  for (const l of lines) {
    if (l.ItemType === "4") continue;
    gl.push(signed(String(l.SalesAcctKey), neg(s(Number(l.ExtensionAmt))), String(l.ItemCodeDesc || l.ItemCode), ref));
    if (l.ItemType === "1" && moduleCode === "S/O") {
      const cost = extension(Number(l.QuantityShipped ?? 0), Number(l.UnitCost ?? 0));
      const item = company.t("CI_Item").get([String(l.ItemCode)]);
      if (cost !== 0 && item) {
        gl.push(
          signed(
            String(l.CostOfGoodsSoldAcctKey || item.CostOfGoodsSoldAcctKey),
            s(cost),
            `COGS ${String(l.ItemCode)}`,
            ref,
          ),
        );
        gl.push(signed(String(item.InventoryAcctKey), neg(s(cost)), `Inventory ${String(l.ItemCode)}`, ref));
      }
    }
  }
  // sales tax liability per tax code; the last code absorbs rounding so the total equals the header tax
  const taxEntries: Array<{ taxCode: string; amount: number }> = [];
  const taxableByClass = new Map<string, number>();
  for (const l of lines) {
    if (l.ItemType === "4") continue;
    const cls = String(l.TaxClass ?? "");
    taxableByClass.set(cls, sumAmounts([taxableByClass.get(cls) ?? 0, Number(l.ExtensionAmt)]));
  }
  for (const [cls, amt] of taxableByClass) taxEntries.push(...taxByCode(company, String(header.TaxSchedule), cls, amt));
  const headerTax = Number(header.SalesTaxAmt ?? 0);
  if (taxEntries.length) {
    const last = taxEntries[taxEntries.length - 1];
    if (last)
      last.amount = sumAmounts([last.amount, subAmounts(headerTax, sumAmounts(taxEntries.map((t) => t.amount)))]);
  }
  for (const t of taxEntries) {
    const code = company.t("SY_SalesTaxCode").get([t.taxCode]);
    if (code) gl.push(signed(String(code.SalesTaxAcctKey), neg(s(t.amount)), `Sales tax ${t.taxCode}`, ref));
  }
  const freight = Number(header.FreightAmt ?? 0);
  if (freight !== 0) gl.push(signed(String(division.FreightAcctKey), neg(s(freight)), "Freight", ref));
  let applyTo: Row | null = null;
  if (header.InvoiceType === "CM" && header.ApplyToInvoiceNo) {
    applyTo =
      company.t("AR_OpenInvoice").get([div, String(header.CustomerNo), String(header.ApplyToInvoiceNo), "IN"]) ?? null;
    if (!applyTo) fail("NOT_ON_FILE", { column: "ApplyToInvoiceNo" });
  }
  return { header, lines, moduleCode, total, sign, applyTo, gl };
}

/** Copies the columns two layouts share. */
export function copyShared(target: string[], source: Row): Row {
  const out: Row = {};
  for (const c of target) if (source[c] !== undefined) out[c] = source[c];
  return out;
}

export function applyArInvoice(
  company: Company,
  p: ArInvoicePlan,
  postingDate: string,
  stamp: Stamp,
  extra: Row = {},
): void {
  const h = p.header;
  const invoiceNo = String(h.InvoiceNo);
  const histHeader = company.t("AR_InvoiceHistoryHeader");
  const seq = nextHistorySeq(histHeader.lookup("KINVNO", [invoiceNo]));
  const histCols = histHeader.schema.columns
    .map((c) => c.name)
    .filter((c) => !c.startsWith("Date") && !c.startsWith("Time") && !c.startsWith("User"));
  company.save(
    "AR_InvoiceHistoryHeader",
    {
      ...copyShared(histCols, h),
      ...extra,
      InvoiceNo: invoiceNo,
      HeaderSeqNo: seq,
      ModuleCode: p.moduleCode,
      PostingDate: postingDate,
    },
    stamp,
  );
  const detailCols = company.t("AR_InvoiceHistoryDetail").schema.columns.map((c) => c.name);
  p.lines.forEach((l, i) => {
    company.t("AR_InvoiceHistoryDetail").upsert({
      ...copyShared(detailCols, l),
      InvoiceNo: invoiceNo,
      HeaderSeqNo: seq,
      DetailSeqNo: String(i + 1).padStart(6, "0"),
    });
  });
  const signedTotal = p.sign === 1 ? p.total : neg(p.total);
  if (p.applyTo) {
    company.save("AR_OpenInvoice", { ...p.applyTo, Balance: subAmounts(Number(p.applyTo.Balance), p.total) }, stamp);
  } else {
    const openCols = company
      .t("AR_OpenInvoice")
      .schema.columns.map((c) => c.name)
      .filter((c) => !c.startsWith("Date") && !c.startsWith("Time") && !c.startsWith("User"));
    company.save(
      "AR_OpenInvoice",
      {
        ...copyShared(openCols, h),
        Balance: signedTotal,
        PaymentsToday: 0,
        PostingDate: postingDate,
        ModuleCode: p.moduleCode,
      },
      stamp,
    );
  }
  const cust = company.t("AR_Customer").get([String(h.ARDivisionNo), String(h.CustomerNo)]);
  if (cust) {
    const patch: Row = { CurrentBalance: sumAmounts([Number(cust.CurrentBalance ?? 0), signedTotal]) };
    if (h.InvoiceType === "IN") patch.DateLastInvoice = String(h.InvoiceDate);
    company.save("AR_Customer", { ...cust, ...patch }, stamp);
  }
}
