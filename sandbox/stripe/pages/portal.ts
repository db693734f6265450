// The hosted customer portal (`session.url`): the subscription (plan, pairs, status, next renewal), recent
// invoices, and forms to switch plan or interval, change the number of pairs, replace the card, cancel at period
// end or undo it. Each form updates the subscription like Stripe's portal and sends the webhooks.
import type { Hono } from "hono";
import { StripeApiError } from "../errors";
import type { StandinEnv } from "../http";
import type { PortalSessionObj, SubscriptionObj } from "../store/types";
import { notFoundPage, type PageDeps } from "./checkout";
import { day, esc, money, page, shortPrice } from "./html";

const NOTICES: Record<string, string> = {
  plan: "Your plan was updated.",
  quantity: "The number of integration pairs was updated.",
  card: "Your card was updated.",
  cancel: "Your plan will be cancelled at the end of the billing period.",
  renew: "Your plan will no longer be cancelled.",
};

function statusText(sub: SubscriptionObj, periodEnd: number): string {
  if (sub.status === "canceled") return `Cancelled on ${day(sub.ended_at)}`;
  if (sub.cancel_at_period_end) return `Cancels on ${day(periodEnd)}`;
  if (sub.status === "trialing") return `Trial ends on ${day(sub.trial_end)}`;
  if (sub.status === "past_due") return "Payment failed — update your card";
  return `Renews on ${day(periodEnd)}`;
}

function portalPage(deps: PageDeps, session: PortalSessionObj, notice: string | null, error: string | null): string {
  const { store, billing } = deps;
  const customer = store.customers.get(session.customer);
  const sub =
    billing.subscriptionsOf(session.customer).find((s) => s.status !== "canceled") ??
    billing.subscriptionsOf(session.customer)[0];
  const card = store.cards.get(session.customer);
  const invoices = billing.invoicesOf(session.customer).slice(0, 10);
  const item = sub?.items.data[0];
  const product = item ? store.products.get(item.price.product) : undefined;
  const periodEnd = sub ? billing.periodEnd(sub) : null;
  const active = sub && sub.status !== "canceled";
  const priceOptions = [...store.prices.values()]
    .filter((p) => p.active && p.currency === (sub?.currency ?? p.currency))
    .map(
      (p) =>
        `<option value="${esc(p.id)}"${item?.price.id === p.id ? " selected" : ""}>${esc(shortPrice(p, store.products.get(p.product)))}</option>`,
    )
    .join("");
  const subSection = sub
    ? `<section aria-labelledby="plan-h">
<h2 id="plan-h">Current plan</h2>
<dl>
<dt>Plan</dt><dd data-testid="portal-plan">${esc(product?.name ?? item?.price.product)} (${item?.price.recurring.interval === "year" ? "yearly" : "monthly"})</dd>
<dt>Integration pairs</dt><dd data-testid="portal-quantity-value">${item?.quantity ?? 0}</dd>
<dt>Status</dt><dd data-testid="portal-status">${esc(sub.status)}</dd>
<dt>${sub.status === "canceled" ? "Ended" : "Next"}</dt><dd data-testid="portal-renewal">${esc(statusText(sub, periodEnd ?? 0))}</dd>
<dt>Card</dt><dd data-testid="portal-card">${card ? `Visa ending ${esc(card.last4)}` : "None"}</dd>
</dl>
</section>`
    : `<section><h2>No subscription</h2><p>This customer has no subscription yet.</p></section>`;
  const forms = active
    ? `<section aria-labelledby="change-h">
<h2 id="change-h">Change plan</h2>
<form method="post" action="/portal/${esc(session.id)}">
<input type="hidden" name="action" value="plan"><input type="hidden" name="subscription" value="${esc(sub.id)}">
<label for="price">Plan and billing interval</label>
<select id="price" name="price" data-testid="portal-price">${priceOptions}</select>
<div class="row"><button type="submit" data-testid="portal-update-plan">Update plan</button></div>
</form>
<form method="post" action="/portal/${esc(session.id)}">
<input type="hidden" name="action" value="quantity"><input type="hidden" name="subscription" value="${esc(sub.id)}">
<label for="quantity">Integration pairs</label>
<input id="quantity" name="quantity" type="number" min="1" step="1" inputmode="numeric" value="${item?.quantity ?? 1}" data-testid="portal-quantity" required>
<div class="row"><button type="submit" data-testid="portal-update-quantity">Update pairs</button></div>
</form>
</section>
<section aria-labelledby="card-h">
<h2 id="card-h">Payment method</h2>
<form method="post" action="/portal/${esc(session.id)}">
<input type="hidden" name="action" value="card"><input type="hidden" name="subscription" value="${esc(sub.id)}">
<label for="card_number">New card number</label>
<input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" value="4242 4242 4242 4242" aria-describedby="card-hint" data-testid="portal-card-number" required>
<p class="hint" id="card-hint">4242 4242 4242 4242 pays; 4000 0000 0000 0341 is saved but charges fail. A new card retries unpaid invoices.</p>
<div class="row"><button type="submit" data-testid="portal-update-card">Update card</button></div>
</form>
</section>
<section aria-labelledby="cancel-h">
<h2 id="cancel-h">Cancel plan</h2>
<form method="post" action="/portal/${esc(session.id)}">
<input type="hidden" name="subscription" value="${esc(sub.id)}">
${
  sub.cancel_at_period_end
    ? `<p>Your plan will be cancelled on ${esc(day(periodEnd))}.</p><input type="hidden" name="action" value="renew"><button type="submit" class="secondary" data-testid="portal-renew">Don't cancel</button>`
    : `<p>Your plan stays active until ${esc(day(periodEnd))}, then ends.</p><input type="hidden" name="action" value="cancel"><button type="submit" class="danger" data-testid="portal-cancel">Cancel plan</button>`
}
</form>
</section>`
    : "";
  const invoiceRows = invoices
    .map(
      (i) =>
        `<tr><td>${esc(day(i.created))}</td><td>${esc(i.number)}</td><td>${esc(money(i.total, i.currency as string))}</td><td>${esc(i.status)}</td><td><a href="/invoice/${esc(i.id)}">View<span class="visually-hidden"> invoice ${esc(i.number)}</span></a></td></tr>`,
    )
    .join("");
  return page(
    "Billing — Ledgerlink",
    `<h1>Billing${customer?.name || customer?.email ? ` for ${esc(customer.name || customer.email)}` : ""}</h1>
${notice ? `<div class="notice" role="status" data-testid="portal-notice">${esc(notice)}</div>` : ""}
${error ? `<div class="alert" role="alert" data-testid="portal-error">${esc(error)}</div>` : ""}
${subSection}
${forms}
<section aria-labelledby="inv-h">
<h2 id="inv-h">Invoices</h2>
${invoices.length ? `<table data-testid="portal-invoices"><thead><tr><th scope="col">Date</th><th scope="col">Number</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Link</span></th></tr></thead><tbody>${invoiceRows}</tbody></table>` : "<p>No invoices yet.</p>"}
</section>
${session.return_url ? `<p><a href="${esc(session.return_url)}" data-testid="portal-return">Return to Ledgerlink</a></p>` : ""}`,
  );
}

export function registerPortalPages(app: Hono<StandinEnv>, deps: PageDeps): void {
  const load = (id: string): PortalSessionObj | null => deps.store.portalSessions.get(id) ?? null;

  app.get("/portal/:id", (c) => {
    const session = load(c.req.param("id"));
    if (!session) return c.html(notFoundPage("Portal session"), 404);
    const notice = NOTICES[c.req.query("done") ?? ""] ?? null;
    return c.html(portalPage(deps, session, notice, null));
  });

  app.post("/portal/:id", async (c) => {
    const session = load(c.req.param("id"));
    if (!session) return c.html(notFoundPage("Portal session"), 404);
    const form = new URLSearchParams(await c.req.text().catch(() => ""));
    const action = form.get("action") ?? "";
    const subId = form.get("subscription") ?? "";
    const sub = deps.store.subscriptions.get(subId);
    const fail = (message: string, status: 400 | 402 = 400) => c.html(portalPage(deps, session, null, message), status);
    if (!sub || sub.customer !== session.customer) return fail("That subscription does not belong to this customer.");
    try {
      if (action === "plan") {
        const price = form.get("price") ?? "";
        const item = sub.items.data[0]!;
        if (price !== item.price.id) deps.billing.updateSubscription(sub.id, { items: [{ id: item.id, price }] });
      } else if (action === "quantity") {
        const quantity = Number(form.get("quantity"));
        if (!Number.isInteger(quantity) || quantity < 1)
          return fail("Enter a whole number of integration pairs, 1 or more.");
        const item = sub.items.data[0]!;
        deps.billing.updateSubscription(sub.id, { items: [{ id: item.id, quantity }] });
      } else if (action === "card") {
        const result = deps.billing.replaceCard(session.customer, form.get("card_number") ?? "");
        if (!result.ok) return fail(result.error, 402);
      } else if (action === "cancel") {
        deps.billing.updateSubscription(sub.id, { cancelAtPeriodEnd: true });
      } else if (action === "renew") {
        deps.billing.updateSubscription(sub.id, { cancelAtPeriodEnd: false });
      } else return fail("Unknown action.");
    } catch (err) {
      if (err instanceof StripeApiError) return fail(err.message, err.status === 402 ? 402 : 400);
      throw err;
    }
    await deps.deliver();
    return c.redirect(`/portal/${session.id}?done=${action}`, 303);
  });
}
