// Pure mappers between KashFlow payloads and the canonical model, both ways.
export { customerToParty, supplierToParty, partyToCustomerInput, partyToSupplierInput } from "./party";
export { productToItem, itemToProductInput, productToStockLevel } from "./item";
export { invoiceToSalesInvoice, salesInvoiceToInput } from "./sales-invoice";
export { purchaseToPurchaseInvoice, purchaseInvoiceToInput } from "./purchase-invoice";
export { paymentLineToPayment, paymentToPaymentInput } from "./payment";
export { partyHash, itemHash } from "./hashes";
export type { MapperOptions } from "./common";
