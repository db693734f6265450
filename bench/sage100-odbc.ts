// Benchmark: ODBC reads of the Sage 100 simulator on a large table. 100,000 A/R invoice history headers, then the
// agent's idempotency check ("is this invoice already posted?": SELECT ... WHERE InvoiceNo = ? AND InvoiceType = ?)
// timed three ways: with no write in between, right after a write (what a sync does: post, then check the next one),
// and on a secondary index (a customer's invoices). A query no key or index serves (a full scan) is shown for scale.
//   npx tsx bench/sage100-odbc.ts        (BENCH_ROWS=100000 to vary)
import { createSage100Simulator } from "@/sandbox/sage100";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const CUSTOMERS = 500;
const invoiceNo = (i: number) => `K${String(i).padStart(6, "0")}`;

const sim = createSage100Simulator();
const history = sim.company("ABC").t("AR_InvoiceHistoryHeader");
const row = (i: number) => ({
  InvoiceNo: invoiceNo(i),
  HeaderSeqNo: "000000",
  InvoiceType: "IN",
  ARDivisionNo: "00",
  CustomerNo: `C${String(i % CUSTOMERS).padStart(4, "0")}`,
  InvoiceDate: "20250315",
  BatchNo: "00001",
  TaxableSalesAmt: 100 + (i % 50),
});

// Keys arrive out of order, as documents do.
let seed = 11;
const random = (k: number) => (seed = (seed * 48271) % 2147483647) % k;
const order = Array.from({ length: ROWS }, (_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = random(i + 1);
  [order[i], order[j]] = [order[j]!, order[i]!];
}
let t = performance.now();
for (const i of order) history.upsert(row(i));
console.log(
  `${ROWS.toLocaleString("en-GB")} A/R invoice history rows written in ${((performance.now() - t) / 1000).toFixed(2)} s`,
);

const lookup = (i: number) =>
  sim.sql("ABC", "SELECT InvoiceNo, BatchNo FROM AR_InvoiceHistoryHeader WHERE InvoiceNo = ? AND InvoiceType = ?", [
    invoiceNo(i),
    "IN",
  ]).rows;

/** Mean milliseconds per call of `fn`, over at most `max` calls or about `budgetMs`. */
function timed(label: string, max: number, budgetMs: number, fn: (n: number) => void): void {
  fn(-1); // the first ordered read (builds what later ones reuse)
  let n = 0;
  const started = performance.now();
  while (n < max && performance.now() - started < budgetMs) fn(n++);
  const ms = (performance.now() - started) / n;
  console.log(
    `  ${label}: ${ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`} per query (${n} queries)`,
  );
}

console.log("Time per ODBC query:");
timed("equality on the key (InvoiceNo, InvoiceType), no write in between", 2_000, 5_000, (n) => {
  const found = lookup(random(ROWS));
  if (n >= 0 && found.length !== 1) throw new Error("the invoice was not found");
});
let next = ROWS;
timed("equality on the key, each right after a write", 2_000, 10_000, (n) => {
  history.upsert(row(next++));
  if (lookup(random(next)).length !== 1 && n >= 0) throw new Error("the invoice was not found");
});
timed("equality on a secondary index (ARDivisionNo, CustomerNo)", 2_000, 5_000, () => {
  sim.sql("ABC", "SELECT InvoiceNo FROM AR_InvoiceHistoryHeader WHERE ARDivisionNo = ? AND CustomerNo = ?", [
    "00",
    `C${String(random(CUSTOMERS)).padStart(4, "0")}`,
  ]);
});
timed("no key or index (TaxableSalesAmt = ?): a full scan", 50, 5_000, () => {
  sim.sql("ABC", "SELECT TOP 5 InvoiceNo FROM AR_InvoiceHistoryHeader WHERE TaxableSalesAmt = ?", [100 + random(50)]);
});
t = performance.now();
const all = sim.sql("ABC", "SELECT COUNT(*) FROM AR_InvoiceHistoryHeader").rows[0];
console.log(`  COUNT(*) of the whole table: ${(performance.now() - t).toFixed(1)} ms (${JSON.stringify(all)})`);
