// Test and demo controls (not Stripe): under /_standin, guarded by X-Admin-Key. Move the clock (for everyone or
// one subscription), make a customer's card good or failing, list events, deliver events again or in a chosen
// order, pause and resume webhook delivery.
import { timingSafeEqual } from "node:crypto";
import { Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import { StripeApiError } from "./errors";
import type { StandinEnv } from "./http";
import type { StripeStandin } from "./standin";

export const ADMIN_HEADER = "X-Admin-Key";

const advanceSchema = z
  .object({
    seconds: z.number().min(0).optional(),
    days: z.number().min(0).optional(),
    subscription: z.string().optional(),
    /** Just past the subscription's current period end (or trial end). */
    toPeriodEnd: z.boolean().optional(),
  })
  .refine((v) => v.seconds !== undefined || v.days !== undefined || (v.toPeriodEnd && v.subscription), {
    message: "give seconds, days, or subscription with toPeriodEnd",
  });
const cardSchema = z.object({ card: z.enum(["good", "failing"]) });
const deliverSchema = z.object({ ids: z.array(z.string()).min(1), to: z.url().optional() });
const deliverOneSchema = z.object({ to: z.url().optional() });
const configSchema = z.object({
  webhookUrl: z.url().nullable().optional(),
  order: z.enum(["created", "reversed", "shuffled"]).optional(),
  paused: z.boolean().optional(),
});

function bad(message: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message);
}

async function body<S extends z.ZodType>(c: { req: { text(): Promise<string> } }, schema: S): Promise<z.output<S>> {
  const text = await c.req.text().catch(() => "");
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw bad("The body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw bad(parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return parsed.data;
}

function guard(adminKey: string): MiddlewareHandler<StandinEnv> {
  return async (c, next) => {
    const given = Buffer.from(c.req.header(ADMIN_HEADER) ?? "");
    const expected = Buffer.from(adminKey);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new StripeApiError(401, "invalid_request_error", `Missing or wrong ${ADMIN_HEADER} header.`);
    return next();
  };
}

export function adminRoutes(standin: StripeStandin, adminKey: string): Hono<StandinEnv> {
  const admin = new Hono<StandinEnv>();
  admin.use("*", guard(adminKey));
  const summary = (e: { id: string; type: string; created: number; data: { object: Record<string, unknown> } }) => ({
    id: e.id,
    type: e.type,
    created: e.created,
    object: e.data.object.id,
    deliveries: standin.store.deliveries.get(e.id) ?? [],
  });

  admin.get("/", (c) =>
    c.json({
      now: standin.clock.now(),
      clockOffsetSeconds: standin.clock.offsetSeconds,
      webhook: {
        url: standin.webhooks.config.url,
        paused: standin.webhooks.config.paused,
        order: standin.webhooks.config.order,
        waiting: standin.store.undelivered.length,
      },
      counts: {
        customers: standin.store.customers.size,
        subscriptions: standin.store.subscriptions.size,
        invoices: standin.store.invoices.size,
        events: standin.store.events.size,
      },
    }),
  );
  admin.get("/clock", (c) => c.json({ now: standin.clock.now(), offsetSeconds: standin.clock.offsetSeconds }));
  admin.post("/clock/advance", async (c) => {
    const input = await body(c, advanceSchema);
    const seconds = (input.seconds ?? 0) + (input.days ?? 0) * 86_400;
    const events = await standin.advance({ seconds, subscription: input.subscription, toPeriodEnd: input.toPeriodEnd });
    return c.json({ now: standin.clock.now(), events: events.map(summary) });
  });
  // For journeys that know the organization, not the Stripe ids: every subscription with its customer and metadata.
  admin.get("/subscriptions", (c) =>
    c.json(
      [...standin.store.subscriptions.values()].map((sub) => ({
        id: sub.id,
        customer: sub.customer,
        email: standin.store.customers.get(sub.customer)?.email ?? null,
        status: sub.status,
        metadata: sub.metadata,
        quantity: sub.items.data[0]?.quantity ?? null,
        price: sub.items.data[0]?.price.lookup_key ?? null,
        currentPeriodEnd: standin.billing.periodEnd(sub),
        trialEnd: sub.trial_end,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
      })),
    ),
  );
  admin.post("/customers/:id/card", async (c) => {
    const input = await body(c, cardSchema);
    const events = await standin.setCard(c.req.param("id"), input.card);
    return c.json({ customer: c.req.param("id"), card: input.card, events: events.map(summary) });
  });
  admin.get("/events", (c) => {
    const type = c.req.query("type");
    return c.json(standin.events(type ? { type } : {}).map(summary));
  });
  admin.post("/events/deliver", async (c) => {
    const input = await body(c, deliverSchema);
    for (const id of input.ids) if (!standin.store.events.has(id)) throw bad(`No such event: '${id}'`);
    return c.json(await standin.deliver(input.ids, { to: input.to }));
  });
  admin.post("/events/:id/deliver", async (c) => {
    const input = await body(c, deliverOneSchema);
    const id = c.req.param("id");
    if (!standin.store.events.has(id))
      throw new StripeApiError(404, "invalid_request_error", `No such event: '${id}'`, "resource_missing");
    return c.json(await standin.deliver([id], { to: input.to }));
  });
  admin.post("/webhooks/pause", (c) => {
    standin.pauseWebhooks();
    return c.json({ paused: true });
  });
  admin.post("/webhooks/resume", async (c) => c.json({ paused: false, delivered: await standin.resumeWebhooks() }));
  admin.patch("/config", async (c) => {
    const input = await body(c, configSchema);
    standin.configure(input);
    return c.json({
      webhookUrl: standin.webhooks.config.url,
      order: standin.webhooks.config.order,
      paused: standin.webhooks.config.paused,
    });
  });
  admin.post("/flush", (c) => {
    standin.flush();
    return c.body(null, 204);
  });
  return admin;
}
