// Test harness: the Stripe stand-in on a free port, its webhooks POSTed to the app's real route handler, and the
// app's env pointed at it (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { POST } from "@/app/api/webhooks/stripe/route";
import { resetEnvCache } from "@/lib/env";
import { forgetPrices } from "@/server/services/billing/plans";
import { createStripeStandin, type StripeStandin } from "@/sandbox/stripe";

export const WEBHOOK_SECRET = "whsec_billing_tests_0123456789abcdef";
export const ADMIN_KEY = "billing-test-admin";

export type StripeHarness = {
  standin: StripeStandin;
  url: string;
  /** Every answer the route gave, newest last. */
  answers: { status: number; body: string }[];
  close: () => Promise<void>;
};

/** Forwards each POST to the route handler, as Next.js would. */
async function startForwarder(answers: StripeHarness["answers"]): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await POST(
      new Request("http://app.test/api/webhooks/stripe", { method: "POST", headers, body: Buffer.concat(chunks) }),
    );
    const body = await response.text();
    answers.push({ status: response.status, body });
    res.writeHead(response.status, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/stripe`, server };
}

export async function startStripeHarness(): Promise<StripeHarness> {
  const answers: StripeHarness["answers"] = [];
  const forwarder = await startForwarder(answers);
  const standin = createStripeStandin({
    webhookSecret: WEBHOOK_SECRET,
    webhookUrl: forwarder.url,
    adminKey: ADMIN_KEY,
  });
  const running = await standin.listen(0);
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: standin.apiKey,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: running.url,
  });
  resetEnvCache();
  forgetPrices();
  return {
    standin,
    url: running.url,
    answers,
    close: async () => {
      await standin.close();
      await new Promise<void>((resolve) => forwarder.server.close(() => resolve()));
    },
  };
}

export { payCheckout, portalAction } from "@/sandbox/stripe/testing-pages";
