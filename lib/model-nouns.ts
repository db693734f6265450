// What a ledger model is called in a sentence ("3 sales invoices"), the one table every screen and email reads.
const NOUNS: Record<string, [singular: string, plural: string]> = {
  customer: ["customer", "customers"],
  supplier: ["supplier", "suppliers"],
  item: ["product", "products"],
  sales_invoice: ["sales invoice", "sales invoices"],
  purchase_invoice: ["purchase invoice", "purchase invoices"],
  payment: ["payment", "payments"],
  journal: ["summary journal", "summary journals"],
  stock_level: ["stock level", "stock levels"],
  order_status: ["order status", "order statuses"],
};

/** The model's noun for `n` of it; an unknown model reads as its own name. */
export function recordNoun(model: string, n: number): string {
  const [one, many] = NOUNS[model] ?? [model.replaceAll("_", " "), `${model.replaceAll("_", " ")}s`];
  return n === 1 ? one : many;
}
