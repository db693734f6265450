// The newest documents in a running sandbox's simulated Sage 100, for the company page ("see it in Sage 100").
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { sandboxSimulator } from "./sandbox-agents";

type Row = Record<string, unknown>;
type Doc = { kind: string; number: string; party: string; state: string; amount: number | null; updatedAt: string };

const SOURCES: Array<{
  table: string;
  kind: string;
  state: string;
  doc: (r: Row) => Pick<Doc, "number" | "party" | "amount">;
}> = [
  {
    table: "AR_Customer",
    kind: "Customer",
    state: "on file",
    doc: (r) => ({ number: String(r.CustomerNo), party: String(r.CustomerName), amount: null }),
  },
  {
    table: "AP_Vendor",
    kind: "Vendor",
    state: "on file",
    doc: (r) => ({ number: String(r.VendorNo), party: String(r.VendorName), amount: null }),
  },
  {
    table: "AR_InvoiceHeader",
    kind: "A/R invoice",
    state: "in batch",
    doc: (r) => ({
      number: String(r.InvoiceNo),
      party: String(r.CustomerNo),
      amount: Number(r.TaxableSalesAmt) + Number(r.NonTaxableSalesAmt) + Number(r.SalesTaxAmt),
    }),
  },
  {
    table: "AR_InvoiceHistoryHeader",
    kind: "A/R invoice",
    state: "posted",
    doc: (r) => ({
      number: String(r.InvoiceNo),
      party: String(r.CustomerNo),
      amount: Number(r.TaxableSalesAmt) + Number(r.NonTaxableSalesAmt) + Number(r.SalesTaxAmt),
    }),
  },
  {
    table: "AR_CashReceiptsHeader",
    kind: "Cash receipt",
    state: "in batch",
    doc: (r) => ({ number: String(r.CheckNo), party: String(r.CustomerNo), amount: Number(r.PostingAmt) }),
  },
  // Posted receipts keep one history row per invoice they paid.
  {
    table: "AR_CashReceiptsHistory",
    kind: "Cash receipt",
    state: "posted",
    doc: (r) => ({
      number: String(r.CheckNo),
      party: `${String(r.CustomerNo)} → ${String(r.InvoiceNo)}`,
      amount: Number(r.CashAmountApplied),
    }),
  },
  {
    table: "AP_InvoiceHeader",
    kind: "A/P invoice",
    state: "in batch",
    doc: (r) => ({ number: String(r.InvoiceNo), party: String(r.VendorNo), amount: Number(r.InvoiceAmt) }),
  },
  {
    table: "AP_OpenInvoice",
    kind: "A/P invoice",
    state: "posted",
    doc: (r) => ({ number: String(r.InvoiceNo), party: String(r.VendorNo), amount: Number(r.InvoiceAmt) }),
  },
  {
    table: "GL_GeneralJournalHeader",
    kind: "G/L journal",
    state: "in batch",
    doc: (r) => ({
      number: `${String(r.SourceJournal)}-${String(r.EntryNo)}`,
      party: String(r.JournalComment),
      amount: null,
    }),
  },
  {
    table: "GL_GeneralJournalHistory",
    kind: "G/L journal",
    state: "posted",
    doc: (r) => ({
      number: `${String(r.SourceJournal)}-${String(r.EntryNo)}`,
      party: String(r.JournalComment),
      amount: Number(r.DebitAmount),
    }),
  },
];

const stampOf = (r: Row) =>
  `${String(r.DateUpdated ?? "")}${String(Number(r.TimeUpdated ?? 0).toFixed(5)).padStart(11, "0")}`;

export async function listSandboxDocuments({
  orgId,
  companyId,
  query,
  take = 15,
}: {
  orgId: string;
  companyId: string;
  query?: string;
  take?: number;
}) {
  if (!(await db.company.findFirst({ where: { id: companyId, orgId }, select: { id: true } })))
    throw AppError.notFound("Company");
  const sim = sandboxSimulator(companyId);
  if (!sim) return { running: false, documents: [] };
  const { tables } = sim.inspect(
    "ABC",
    SOURCES.map((s) => s.table),
  );
  const rows = SOURCES.flatMap((s) =>
    (tables[s.table] ?? []).map((r) => ({
      stamp: stampOf(r),
      doc: { kind: s.kind, state: s.state, ...s.doc(r), updatedAt: String(r.DateUpdated ?? "") },
    })),
  );
  rows.sort((a, b) => b.stamp.localeCompare(a.stamp));
  // A busy sandbox pushes a document out of the newest few within minutes: a person looks it up by number or party.
  const q = query?.trim().toUpperCase();
  const found = q
    ? rows.filter((r) => r.doc.number.toUpperCase().includes(q) || r.doc.party.toUpperCase().includes(q))
    : rows;
  return { running: true, documents: found.slice(0, take).map((r) => r.doc) };
}
