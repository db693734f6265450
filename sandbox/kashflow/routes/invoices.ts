// /invoices, /invoicelist, /nextavailableinvoicenumber and credit-note application (§7.1, §7.2).
import type { Hono } from "hono";
import { docStatus, saveDocument } from "../domain/documents";
import { badRequest, notFound } from "../errors";
import { intParam, readJson, scope, send, type SandboxEnv } from "../http";
import { codeKey } from "../store/books";
import type { SandboxStore } from "../store/store";
import { ci, parseWith, zDate, zInt, zMoney, zStr } from "../validation";
import { bulkDeleteDocs, documentRoutes, docView, nextNumberRoute } from "./documents";

const creditSchema = ci({
  Id: zInt,
  Amount: zMoney,
  Date: zDate.nullish(),
  Type: zStr.nullish(),
  Comment: zStr.nullish(),
});

export function registerInvoiceRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.route("/invoices", documentRoutes(store, "invoice"));
  api.delete("/invoicelist", bulkDeleteDocs(store, "invoice"));
  api.get("/nextavailableinvoicenumber", nextNumberRoute(store, "invoice"));

  // §7.1: applying a credit note writes a bulk-payment pair (−X on the note, +X on the invoice) that
  // nets to zero and stays out of bank lists. Path key = invoice Number, body Id = credit note Number [INF].
  api.post("/internal/invoices/:number/credits", async (c) => {
    const s = scope(c, store);
    const number = intParam(c, "number", "Invoice");
    const invoice = s.books.invoices.get(number);
    if (!invoice) throw notFound(`Invoice with number ${number} was not found.`);
    const body = parseWith(creditSchema, await readJson(c));
    if (body.Type && body.Type.toLowerCase() !== "creditnote")
      throw badRequest(`Credit type '${body.Type}' is not supported by the sandbox; use CreditNote.`);
    const note = s.books.invoices.get(body.Id);
    if (!note || note.GrossAmount >= 0) throw badRequest(`Invoice ${body.Id} is not a credit note.`);
    if (codeKey(note.PartyCode) !== codeKey(invoice.PartyCode))
      throw badRequest("The credit note belongs to a different customer.");
    if (body.Amount <= 0) throw badRequest("Amount must be greater than zero.");
    const invoiceDue = docStatus(invoice, s.today, s.cfg).DueAmount;
    const noteDue = -docStatus(note, s.today, s.cfg).DueAmount;
    if (body.Amount > invoiceDue || body.Amount > noteDue)
      throw badRequest("Amount exceeds what is outstanding on the invoice or the credit note.");
    const bulkId = s.books.next("bulk");
    const date = body.Date?.ymd ?? s.today;
    const keep = (ids: number[]) => ids.map((Id) => ({ Id }));
    saveDocument(s.doc, "invoice", note, {
      LineItems: keep(note.LineItems.map((l) => l.Id)),
      PaymentLines: [
        ...keep(note.PaymentLines.map((p) => p.Id)),
        {
          Amount: -body.Amount,
          Date: date,
          BulkId: bulkId,
          IsPaymentCreditNote: true,
          Note: body.Comment ?? `Credit note ${note.Number} applied to invoice ${invoice.Number}`,
        },
      ],
    });
    const { doc } = saveDocument(s.doc, "invoice", invoice, {
      LineItems: keep(invoice.LineItems.map((l) => l.Id)),
      PaymentLines: [
        ...keep(invoice.PaymentLines.map((p) => p.Id)),
        {
          Amount: body.Amount,
          Date: date,
          BulkId: bulkId,
          IsPaymentCreditNote: true,
          Note: body.Comment ?? `Credit note ${note.Number} applied`,
        },
      ],
    });
    store.onChange(s.account.Id);
    return send(c, 201, docView(s, doc, false));
  });
}
