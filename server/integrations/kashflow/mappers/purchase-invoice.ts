// KashFlow purchases ⇄ canonical PurchaseInvoice.
import { purchaseInvoiceSchema, type PurchaseInvoice } from "@/server/domain/canonical/purchase-invoice";
import type { KfPurchase } from "../schemas/document";
import type { KfPurchaseInput } from "../schemas/payloads";
import { text, validated, wireDate, type MapperOptions } from "./common";
import { documentCommon, documentNumber, lineToKashflow } from "./document";
import { paymentToPaymentInput } from "./payment";

/** Needs the full purchase (GET /purchases/{number}), not a list summary. */
export function purchaseToPurchaseInvoice(d: KfPurchase, o: MapperOptions = {}): PurchaseInvoice {
  return validated(
    purchaseInvoiceSchema,
    {
      kind: "purchase_invoice",
      ...documentCommon(d, "purchase", o),
      supplierCode: d.SupplierCode?.trim() ?? "",
      supplierName: text(d.SupplierName),
      supplierReference: text(d.SupplierReference),
      purchaseType: (d.Type ?? "").toLowerCase() === "expense" ? "expense" : "purchase",
    },
    `purchase ${d.Number}`,
  );
}

export function purchaseInvoiceToInput(p: PurchaseInvoice, o: { includePayments?: boolean } = {}): KfPurchaseInput {
  const number = documentNumber(p.number, "purchase");
  return {
    ...(number !== undefined ? { Number: number } : {}),
    SupplierCode: p.supplierCode,
    ...(p.supplierReference ? { SupplierReference: p.supplierReference } : {}),
    IssuedDate: wireDate(p.issueDate),
    ...(p.dueDate ? { DueDate: wireDate(p.dueDate) } : {}),
    ...(p.projectNumber ? { ProjectNumber: p.projectNumber } : {}),
    Currency: { Code: p.currency, ExchangeRate: Number(p.exchangeRate) },
    Type: p.purchaseType === "expense" ? "Expense" : "Purchase",
    LineItems: p.lines.map(lineToKashflow),
    ...(o.includePayments ? { PaymentLines: p.payments.map(paymentToPaymentInput) } : {}),
  };
}
