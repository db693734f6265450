// KashFlow invoices ⇄ canonical SalesInvoice (credit notes are invoices with a negative total, §14).
import { salesInvoiceSchema, type SalesInvoice } from "@/server/domain/canonical/sales-invoice";
import type { KfInvoice } from "../schemas/document";
import type { KfInvoiceInput } from "../schemas/payloads";
import { addressToCanonical, addressToKashflow, text, validated, wireDate, type MapperOptions } from "./common";
import { documentCommon, documentNumber, lineToKashflow } from "./document";
import { paymentToPaymentInput } from "./payment";

/** Needs the full invoice (GET /invoices/{number}), not a list summary. */
export function invoiceToSalesInvoice(d: KfInvoice, o: MapperOptions = {}): SalesInvoice {
  return validated(
    salesInvoiceSchema,
    {
      kind: "sales_invoice",
      ...documentCommon(d, "invoice", o),
      customerCode: d.CustomerCode?.trim() ?? "",
      customerName: text(d.CustomerName),
      customerReference: text(d.CustomerReference),
      billingAddress: addressToCanonical(d.Address),
      deliveryAddress: d.UseCustomDeliveryAddress === false ? null : addressToCanonical(d.DeliveryAddress),
    },
    `invoice ${d.Number}`,
  );
}

/**
 * The create/update payload. Payments are included only when asked: on update they replace the document's
 * payment lines (full replacement, §10.6), so the caller sends what should remain.
 */
export function salesInvoiceToInput(inv: SalesInvoice, o: { includePayments?: boolean } = {}): KfInvoiceInput {
  const number = documentNumber(inv.number, "invoice");
  return {
    ...(number !== undefined ? { Number: number } : {}),
    CustomerCode: inv.customerCode,
    ...(inv.customerReference ? { CustomerReference: inv.customerReference } : {}),
    IssuedDate: wireDate(inv.issueDate),
    ...(inv.dueDate ? { DueDate: wireDate(inv.dueDate) } : {}),
    ...(inv.projectNumber ? { ProjectNumber: inv.projectNumber } : {}),
    Currency: { Code: inv.currency, ExchangeRate: Number(inv.exchangeRate) },
    ...(inv.billingAddress ? { Address: addressToKashflow(inv.billingAddress) } : {}),
    ...(inv.deliveryAddress
      ? { DeliveryAddress: addressToKashflow(inv.deliveryAddress), UseCustomDeliveryAddress: true }
      : {}),
    LineItems: inv.lines.map(lineToKashflow),
    ...(o.includePayments ? { PaymentLines: inv.payments.map(paymentToPaymentInput) } : {}),
  };
}
