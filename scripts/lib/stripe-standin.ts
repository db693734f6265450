// The Stripe stand-in for local runs (npm start, the e2e server): the app's Stripe SDK talks to it through
// STRIPE_API_URL, and it POSTs signed webhooks to the app's /api/webhooks/stripe.
import path from "node:path";
import { createStripeStandin } from "../../sandbox/stripe";
import { freePort } from "./embedded-postgres";

const ADMIN_KEY = process.env.STRIPE_STANDIN_ADMIN_KEY || "sandbox-admin";

export type RunningStripeStandin = {
  url: string;
  env: Record<string, string>;
  banner: string[];
  stop: () => Promise<void>;
};

export async function startStripeStandin(o: {
  appUrl: string;
  /** Signing secret for webhooks; default: kept in the data dir's state file (or a new one per run in memory). */
  webhookSecret?: string;
  dataDir: string | null;
  preferredPort?: number;
}): Promise<RunningStripeStandin> {
  const standin = createStripeStandin({
    stateFile: o.dataDir ? path.join(o.dataDir, "stripe-standin.json") : null,
    webhookSecret: o.webhookSecret,
    webhookUrl: new URL("/api/webhooks/stripe", o.appUrl).toString(),
    adminKey: ADMIN_KEY,
  });
  const { url } = await standin.listen(await freePort(o.preferredPort ?? 4030));
  let stopped: Promise<void> | undefined;
  return {
    url,
    env: {
      STRIPE_SECRET_KEY: standin.apiKey,
      STRIPE_WEBHOOK_SECRET: standin.webhookSecret,
      STRIPE_API_URL: url,
      STRIPE_STANDIN_ADMIN_KEY: ADMIN_KEY,
    },
    banner: [
      `Stripe stand-in at ${url} (Checkout ${url}/checkout/…, portal ${url}/portal/…; test controls under ${url}/_standin with X-Admin-Key)`,
    ],
    // Stopping twice (a signal, then the app's exit) must not close the server twice.
    stop: () => (stopped ??= standin.close().catch(() => undefined)),
  };
}
