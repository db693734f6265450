// The hosted invoice page (`invoice.hosted_invoice_url`): number, dates, lines, total and status.
import type { Hono } from "hono";
import type { StandinEnv } from "../http";
import { notFoundPage, type PageDeps } from "./checkout";
import { day, esc, money, page } from "./html";

export function registerInvoicePages(app: Hono<StandinEnv>, deps: PageDeps): void {
  app.get("/invoice/:id", (c) => {
    const inv = deps.store.invoices.get(c.req.param("id"));
    if (!inv) return c.html(notFoundPage("Invoice"), 404);
    const currency = inv.currency as string;
    const lines = inv.lines.data
      .map(
        (l) =>
          `<tr><td>${esc(l.description)}</td><td>${esc(day(l.period.start))} – ${esc(day(l.period.end))}</td><td>${esc(money(l.amount, currency))}</td></tr>`,
      )
      .join("");
    return c.html(
      page(
        `Invoice ${inv.number ?? inv.id}`,
        `<h1>Invoice ${esc(inv.number ?? inv.id)}</h1>
<section aria-labelledby="sum-h"><h2 id="sum-h">Summary</h2><dl>
<dt>Status</dt><dd data-testid="invoice-status">${esc(inv.status)}</dd>
<dt>Date</dt><dd>${esc(day(inv.created))}</dd>
<dt>Total</dt><dd data-testid="invoice-total">${esc(money(inv.total, currency))}</dd>
<dt>Paid</dt><dd>${esc(money(inv.amount_paid, currency))}${inv.status_transitions.paid_at ? ` on ${esc(day(inv.status_transitions.paid_at))}` : ""}</dd>
</dl></section>
<section aria-labelledby="lines-h"><h2 id="lines-h">Lines</h2>
<table><thead><tr><th scope="col">Description</th><th scope="col">Period</th><th scope="col">Amount</th></tr></thead><tbody>${lines}</tbody></table>
</section>`,
      ),
    );
  });
}
