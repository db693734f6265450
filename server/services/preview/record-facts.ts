// How a record is named in the preview's samples, in an accountant's words: the document and its number, the party
// with its name where the data has one, the date and the amount. Read from the canonical record each flow parsed.
import type { FlowDefinition } from "@/server/sync/engine/flow";
import type { PreviewSample } from "./preview-types";

type Facts = Pick<PreviewSample, "document" | "party" | "date" | "amount">;
type Loose = Record<string, unknown>;
type Money = { amountMinor: number; currency: string };

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const money = (v: unknown): Money | null => {
  const m = v as Money | null | undefined;
  return m && typeof m.amountMinor === "number" && typeof m.currency === "string"
    ? { amountMinor: m.amountMinor, currency: m.currency }
    : null;
};
/** "ACME01 · Acme Ltd", or the code alone. */
const party = (code: unknown, name: unknown): string | null => {
  const c = str(code);
  const n = str(name);
  return c && n && n !== c ? `${c} · ${n}` : (c ?? n);
};

export function recordFacts(flow: FlowDefinition, externalId: string, record: unknown): Facts {
  const r = (record ?? {}) as Loose;
  const none = { party: null, date: null, amount: null };
  switch (flow.model) {
    case "customer":
    case "supplier": {
      const noun =
        flow.source === "SAGE100"
          ? flow.model === "customer"
            ? "Sage 100 customer"
            : "Sage 100 vendor"
          : flow.model === "customer"
            ? "Customer"
            : "Supplier";
      return { ...none, document: `${noun} ${str(r.code) ?? externalId}`, party: str(r.name) };
    }
    case "item":
      return {
        ...none,
        document: `${flow.source === "SAGE100" ? "Sage 100 item" : "Product"} ${str(r.code) ?? externalId}`,
        party: str(r.name),
      };
    case "sales_invoice":
      return {
        document: `${r.isCreditNote ? "Credit note" : "Invoice"} ${str(r.number) ?? externalId}`,
        party: party(r.customerCode, r.customerName),
        date: str(r.issueDate),
        amount: money((r.totals as Loose | undefined)?.gross),
      };
    case "purchase_invoice": {
      const noun =
        r.purchaseType === "expense"
          ? "Expense"
          : (r.totals as { gross?: Money } | undefined)?.gross && (r.totals as { gross: Money }).gross.amountMinor < 0
            ? "Purchase credit note"
            : "Purchase";
      const ref = str(r.supplierReference);
      return {
        document: `${noun} ${str(r.number) ?? externalId}${ref ? ` (${ref})` : ""}`,
        party: party(r.supplierCode, r.supplierName),
        date: str(r.issueDate),
        amount: money((r.totals as Loose | undefined)?.gross),
      };
    }
    case "payment": {
      if (flow.source === "SAGE100") {
        const inv = (r.invoice ?? {}) as Loose;
        const total = typeof r.totalMinor === "number" ? r.totalMinor : 0;
        const balance = typeof r.balanceMinor === "number" ? r.balanceMinor : 0;
        return {
          document: `Payments on Sage 100 invoice ${str(inv.invoiceNo) ?? externalId}`,
          party: party(`${str(inv.division) ?? "00"}-${str(inv.customerNo) ?? ""}`, null),
          date: null,
          amount: { amountMinor: total - balance, currency: str(r.currency) ?? "USD" },
        };
      }
      const doc = (r.document ?? {}) as Loose;
      const what = doc.kind === "purchase" ? "purchase" : doc.isCreditNote ? "credit note" : "invoice";
      return {
        document: `Payment on ${what} ${str(doc.number) ?? "?"}`,
        party: str(r.partyCode),
        date: str(r.date),
        amount: money(r.amount),
      };
    }
    case "stock_level":
      return {
        document: `Stock of item ${str(r.itemCode) ?? externalId}`,
        party: null,
        date: str(r.asOf)?.slice(0, 10) ?? null,
        amount: null,
      };
    case "order_status":
      return {
        document: `Sales order ${str(r.orderNumber) ?? externalId}`,
        party: str(r.customer),
        date: str(r.shippedOn),
        amount: null,
      };
    default:
      return { ...none, document: externalId };
  }
}
