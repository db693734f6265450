// The hosted Checkout page (`session.url`): plan, quantity and total, a card field with the test cards, Pay and
// Cancel. Paying creates the subscription, sends the webhooks, then 303s to success_url like Stripe.
import type { Hono } from "hono";
import type { Billing } from "../domain/billing";
import { amountFor } from "../domain/pricing";
import { StripeApiError } from "../errors";
import type { StandinEnv } from "../http";
import type { Store } from "../store/store";
import type { CheckoutSessionObj } from "../store/types";
import { day, describePrice, esc, money, page } from "./html";

export interface PageDeps {
  store: Store;
  billing: Billing;
  /** Sends the events the action recorded and waits for the endpoint to answer (bounded). */
  deliver: () => Promise<void>;
}

function notFoundPage(what: string): string {
  return page(`${what} not found`, `<h1>${esc(what)} not found</h1><p>This link is not valid on this stand-in.</p>`);
}

function checkoutPage(deps: PageDeps, s: CheckoutSessionObj, error: string | null): string {
  const plan = deps.store.sessionPlans.get(s.id);
  const rows = (plan?.lines ?? []).map((l) => {
    const price = deps.store.prices.get(l.price);
    if (!price) return { text: l.price, quantity: l.quantity, amount: 0, currency: "usd", interval: "month" };
    return {
      text: describePrice(price, deps.store.products.get(price.product)),
      quantity: l.quantity,
      amount: amountFor(price, l.quantity),
      currency: price.currency,
      interval: price.recurring.interval,
    };
  });
  const first = rows[0];
  const total = rows.reduce((sum, r) => sum + r.amount, 0);
  const currency = first?.currency ?? "usd";
  const trialEnd =
    plan?.trialEnd ?? (plan?.trialPeriodDays ? deps.billing.now() + plan.trialPeriodDays * 86_400 : null);
  const dueToday = trialEnd ? 0 : total;
  if (s.status === "complete") {
    return page(
      "Payment complete",
      `<h1>Payment complete</h1><section><p>This Checkout session is complete.</p>
<p><a href="${esc(deps.billing.successUrl(s))}" data-testid="checkout-continue">Continue</a></p></section>`,
    );
  }
  if (s.status === "expired") {
    return page(
      "Checkout expired",
      `<h1>This Checkout session has expired</h1><section><p>Start again from the app.</p>${s.cancel_url ? `<p><a href="${esc(s.cancel_url)}">Go back</a></p>` : ""}</section>`,
    );
  }
  const items = rows
    .map(
      (r) => `<dl>
<dt>Plan</dt><dd data-testid="checkout-plan">${esc(r.text)}</dd>
<dt>Integration pairs</dt><dd data-testid="checkout-quantity">${r.quantity}</dd>
<dt>Price</dt><dd>${esc(money(r.amount, r.currency))} per ${esc(r.interval)}</dd>
</dl>`,
    )
    .join("");
  return page(
    "Subscribe — Ledgerlink",
    `<h1>Subscribe to Ledgerlink</h1>
${error ? `<div class="alert" role="alert" data-testid="checkout-error">${esc(error)}</div>` : ""}
<section aria-labelledby="summary-h">
<h2 id="summary-h">Order summary</h2>
${items}
${trialEnd ? `<p data-testid="checkout-trial">Free trial until ${esc(day(trialEnd))}, then ${esc(money(total, currency))} per ${esc(first?.interval ?? "month")}.</p>` : ""}
<p class="total">Total due today: <strong data-testid="checkout-total">${esc(money(dueToday, currency))}</strong></p>
</section>
<section aria-labelledby="pay-h">
<h2 id="pay-h">Payment</h2>
<form method="post" action="/checkout/${esc(s.id)}/pay">
<label for="card_number">Card number</label>
<input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" value="4242 4242 4242 4242" data-testid="checkout-card" aria-describedby="card-hint" required>
<p class="hint" id="card-hint">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0341 is saved but later charges fail; 4000 0000 0000 0002 is declined.</p>
<div class="row">
<button type="submit" data-testid="checkout-pay">Pay</button>
${s.cancel_url ? `<a href="${esc(s.cancel_url)}" data-testid="checkout-cancel">Cancel and go back</a>` : ""}
</div>
</form>
</section>`,
  );
}

export function registerCheckoutPages(app: Hono<StandinEnv>, deps: PageDeps): void {
  const load = (id: string): CheckoutSessionObj | null => {
    try {
      return deps.billing.checkoutSession(id);
    } catch (err) {
      if (err instanceof StripeApiError) return null;
      throw err;
    }
  };

  app.get("/checkout/:id", (c) => {
    const s = load(c.req.param("id"));
    if (!s) return c.html(notFoundPage("Checkout session"), 404);
    return c.html(checkoutPage(deps, s, null));
  });

  app.post("/checkout/:id/pay", async (c) => {
    const s = load(c.req.param("id"));
    if (!s) return c.html(notFoundPage("Checkout session"), 404);
    const form = new URLSearchParams(await c.req.text().catch(() => ""));
    const result = deps.billing.payCheckout(s.id, form.get("card_number") ?? "");
    if (!result.ok) return c.html(checkoutPage(deps, s, result.error), 402);
    await deps.deliver();
    return c.redirect(result.redirect, 303);
  });
}

export { notFoundPage };
