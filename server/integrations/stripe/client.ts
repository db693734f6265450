// The app's one Stripe client: the official SDK built from the environment. With STRIPE_API_URL (the local stand-in)
// it talks to that host/port/protocol instead of api.stripe.com; nothing else in the app knows the difference.
import Stripe from "stripe";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type { Stripe };

let cached: { key: string; apiUrl: string | undefined; client: Stripe } | undefined;

/** Whether billing is configured here (a secret key; the webhook secret is checked by the webhook route). */
export function stripeConfigured(): boolean {
  return Boolean(env().STRIPE_SECRET_KEY);
}

/** Host, port and protocol of STRIPE_API_URL, as the SDK takes them. */
export function stripeHostOptions(apiUrl: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

export function stripeClient(): Stripe {
  const { STRIPE_SECRET_KEY: key, STRIPE_API_URL: apiUrl } = env();
  if (!key) {
    throw new AppError("PRECONDITION_FAILED", "Billing is not set up on this server.", {
      reason: "BillingNotConfigured",
    });
  }
  if (cached?.key !== key || cached.apiUrl !== apiUrl) {
    const client = new Stripe(key, {
      ...stripeHostOptions(apiUrl),
      // Retries reuse the idempotency key the SDK adds (or ours), so a retried write is never doubled.
      maxNetworkRetries: 2,
      timeout: 10_000,
      appInfo: { name: "Ledgerlink" },
    });
    cached = { key, apiUrl, client };
  }
  return cached.client;
}
