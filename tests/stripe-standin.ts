// A Stripe stand-in for vitest files: one per file, in memory, on a free port. Webhooks go to the URL you give, or
// are collected for the test to deliver itself (in any order, twice, or as a signed Request for a route handler).
import Stripe from "stripe";
import {
  createStripeStandin,
  type DeliveryResult,
  type EventObj,
  type EventOrder,
  type StripeStandin,
} from "@/sandbox/stripe";
import { resetEnvCache } from "@/lib/env";

export interface TestStripeStandin {
  url: string;
  /** What the app reads: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL. */
  env: { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string; STRIPE_API_URL: string };
  /** The official SDK pointed at the stand-in (for arranging state the app would not create itself). */
  stripe: Stripe;
  standin: StripeStandin;
  /** Puts `env` into process.env (and forgets the app's parsed env); returns a function that restores it. */
  applyEnv(): () => void;
  /** Every event so far, oldest first (optionally one type). */
  events(filter?: { type?: string }): EventObj[];
  /** POSTs these events, signed, in this order (again if already sent), to `to` or the configured URL. */
  deliver(ids: string[], o?: { to?: string }): Promise<DeliveryResult[]>;
  /** The signed webhook request Stripe would send for this event, to call a route handler in process. */
  webhookRequest(eventId: string, o?: { url?: string; secret?: string }): Request;
  /** Pays a Checkout session on its hosted page (as the browser form does); resolves with the redirect target. */
  pay(sessionIdOrUrl: string, o?: { card?: string }): Promise<{ status: number; location: string | null }>;
  /** Submits a portal form: plan (price id), quantity, card (card_number), cancel or renew. */
  portal(
    portalUrl: string,
    action: "plan" | "quantity" | "card" | "cancel" | "renew",
    fields?: Record<string, string>,
  ): Promise<{ status: number; location: string | null }>;
  /**
   * Moves time (whole stand-in, or one subscription; `toPeriodEnd` = just past its period or trial end) and bills
   * what came due; resolves with the new events.
   */
  advance(o: { days?: number; seconds?: number; subscription?: string; toPeriodEnd?: boolean }): Promise<EventObj[]>;
  /** Makes a customer's card pay or fail from now on (a good card retries open invoices). */
  setCard(customer: string, card: "good" | "failing"): Promise<EventObj[]>;
  pauseWebhooks(): void;
  resumeWebhooks(): Promise<DeliveryResult[]>;
  /** The order each action's events are sent in (out-of-order tests). */
  setEventOrder(order: EventOrder): void;
  /** Resolves once every queued webhook has been attempted. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestStripeStandin(
  o: { webhookUrl?: string | null; webhookSecret?: string; eventOrder?: EventOrder } = {},
): Promise<TestStripeStandin> {
  const standin = createStripeStandin({
    webhookUrl: o.webhookUrl ?? null,
    webhookSecret: o.webhookSecret ?? "whsec_test_standin_secret",
    eventOrder: o.eventOrder,
    adminKey: "test-admin-key",
  });
  const running = await standin.listen(0);
  const u = new URL(running.url);
  const stripe = new Stripe(standin.apiKey, {
    host: u.hostname,
    port: Number(u.port),
    protocol: "http",
    maxNetworkRetries: 0,
  });
  const env = {
    STRIPE_SECRET_KEY: standin.apiKey,
    STRIPE_WEBHOOK_SECRET: standin.webhookSecret,
    STRIPE_API_URL: running.url,
  };
  const form = async (url: string, fields: Record<string, string>) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get("location") };
  };
  return {
    url: running.url,
    env,
    stripe,
    standin,
    applyEnv() {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      resetEnvCache();
      return () => {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        resetEnvCache();
      };
    },
    events: (filter) => standin.events(filter),
    deliver: (ids, d) => standin.deliver(ids, d ?? {}),
    webhookRequest(eventId, r = {}) {
      const event = standin.store.events.get(eventId);
      if (!event) throw new Error(`No such event: '${eventId}'`);
      const payload = JSON.stringify(event, null, 2);
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: r.secret ?? standin.webhookSecret,
      });
      return new Request(r.url ?? "http://localhost/api/webhooks/stripe", {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
    },
    pay: (session, p = {}) => {
      const url = session.startsWith("http") ? session : `${running.url}/checkout/${session}`;
      return form(`${url}/pay`, { card_number: p.card ?? "4242 4242 4242 4242" });
    },
    async portal(portalUrl, action, fields = {}) {
      const id = new URL(portalUrl).pathname.split("/").pop() ?? "";
      const session = standin.store.portalSessions.get(id);
      const sub = session
        ? standin.billing.subscriptionsOf(session.customer).find((s) => s.status !== "canceled")
        : undefined;
      return form(portalUrl, { action, subscription: sub?.id ?? "", ...fields });
    },
    advance: (a) => standin.advance(a),
    setCard: (customer, card) => standin.setCard(customer, card),
    pauseWebhooks: () => standin.pauseWebhooks(),
    resumeWebhooks: () => standin.resumeWebhooks(),
    setEventOrder: (order) => standin.configure({ order }),
    idle: () => standin.idle(),
    stop: () => standin.close(),
  };
}
