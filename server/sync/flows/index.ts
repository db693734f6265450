// Every flow the engine runs, in the order a company's sync runs them (master data before documents).
import type { FlowDefinition } from "../engine/flow";
import { customersKashflowToSage100 } from "./customers/kashflow-to-sage100";
import { customersSage100ToKashflow } from "./customers/sage100-to-kashflow";
import { itemsKashflowToSage100 } from "./items/kashflow-to-sage100";
import { itemsSage100ToKashflow } from "./items/sage100-to-kashflow";
import { salesInvoicesKashflowToSage100 } from "./sales-invoices/flow";
import { paymentsKashflowToSage100 } from "./payments/kashflow-to-sage100";
import { paymentsSage100ToKashflow } from "./payments/sage100-to-kashflow";
import { purchasesKashflowToSage100 } from "./purchases/flow";
import { stockSage100ToKashflow } from "./stock/flow";
import { orderStatusSage100ToKashflow } from "./order-status/flow";
import { suppliersKashflowToSage100 } from "./suppliers/kashflow-to-sage100";
import { suppliersSage100ToKashflow } from "./suppliers/sage100-to-kashflow";

// KashFlow → Sage 100 first for each model: first-connect matching is decided from the KashFlow side.
export const FLOWS: FlowDefinition[] = [
  customersKashflowToSage100,
  customersSage100ToKashflow,
  suppliersKashflowToSage100,
  suppliersSage100ToKashflow,
  itemsKashflowToSage100,
  itemsSage100ToKashflow,
  // Documents after master data: an invoice's customer (and its items) are in Sage 100 first.
  salesInvoicesKashflowToSage100,
  // Documents after the master data they name (a bill waits for its vendor).
  purchasesKashflowToSage100,
  // Payments after the invoices they pay; "Paid" back after the receipts that may have cleared them.
  paymentsKashflowToSage100,
  paymentsSage100ToKashflow,
  // Status back: stock levels (after the items they belong to), shipped orders (after the invoices they name).
  stockSage100ToKashflow,
  orderStatusSage100ToKashflow,
  // After these (tasks/index.ts): the tie-out, the day's KashFlow totals against Sage 100's.
] as FlowDefinition[];

export function flowById(id: string): FlowDefinition | undefined {
  return FLOWS.find((f) => f.id === id);
}
