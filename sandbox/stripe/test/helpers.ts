// Test helpers: a stand-in on a free port, the official SDK pointed at it, and a webhook receiver that verifies
// signatures with stripe.webhooks.constructEvent as an app would.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { createStripeStandin, type StripeStandin, type StripeStandinOptions } from "../index";

export const ADMIN_KEY = "test-admin-key";

export interface Harness {
  standin: StripeStandin;
  url: string;
  stripe: Stripe;
  admin: (method: string, path: string, body?: unknown) => Promise<Response>;
  close: () => Promise<void>;
}

export function sdkFor(url: string, key: string): Stripe {
  const u = new URL(url);
  return new Stripe(key, { host: u.hostname, port: Number(u.port), protocol: "http", maxNetworkRetries: 0 });
}

export async function startStandin(options: StripeStandinOptions = {}): Promise<Harness> {
  const standin = createStripeStandin({ adminKey: ADMIN_KEY, ...options });
  const running = await standin.listen(0);
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${running.url}/_standin${path}`, {
      method,
      headers: { "X-Admin-Key": ADMIN_KEY, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    standin,
    url: running.url,
    stripe: sdkFor(running.url, standin.apiKey),
    admin,
    close: () => standin.close(),
  };
}

export interface Received {
  raw: string;
  signature: string;
  event: Stripe.Event;
}

/** An HTTP endpoint that records each webhook POST and answers 200 after verifying its signature. */
export async function startReceiver(
  secret: string,
): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = "";
      req.on("data", (chunk) => (data += chunk));
      req.on("end", () => resolve(data));
    });
  const server: Server = createServer(async (req, res) => {
    const raw = await read(req);
    const signature = String(req.headers["stripe-signature"] ?? "");
    try {
      const event = Stripe.webhooks.constructEvent(raw, signature, secret);
      received.push({ raw, signature, event });
      res.writeHead(200).end("{}");
    } catch {
      res.writeHead(400).end("bad signature");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { payCheckout, portalAction } from "../testing-pages";

export const DAY = 86_400;
