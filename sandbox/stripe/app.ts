// Wires the Hono app: /v1 behind the secret key (Stripe's API), the hosted pages, and /_standin (admin).
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { adminRoutes } from "./admin";
import { StripeApiError } from "./errors";
import { authMiddleware, errorResponse, JSON_TYPE, paramsMiddleware, type StandinEnv } from "./http";
import { registerCheckoutPages } from "./pages/checkout";
import { registerInvoicePages } from "./pages/invoice";
import { registerPortalPages } from "./pages/portal";
import { registerApiRoutes } from "./routes/api";
import type { StripeStandin } from "./standin";

export function buildApp(standin: StripeStandin, o: { apiKey: string; adminKey: string }): Hono<StandinEnv> {
  const { store, billing, webhooks } = standin;
  const app = new Hono<StandinEnv>();

  app.onError((err, c) => {
    if (err instanceof StripeApiError) return errorResponse(c, err);
    // Never crash, never leak a stack: an unexpected failure is Stripe's api_error 500.
    console.error("[stripe-standin] unhandled error:", err);
    return errorResponse(c, new StripeApiError(500, "api_error", "An unknown error occurred on the Stripe stand-in."));
  });
  app.notFound((c) =>
    c.body(
      JSON.stringify({
        error: {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        },
      }),
      404,
      { "Content-Type": JSON_TYPE },
    ),
  );

  app.get("/", (c) =>
    c.json({
      name: "Ledgerlink's local Stripe stand-in",
      api: `${new URL(c.req.url).origin}/v1`,
      pages: ["/checkout/:cs_id", "/portal/:bps_id", "/invoice/:in_id"],
      admin: "/_standin (X-Admin-Key header)",
    }),
  );
  app.get("/health", (c) => c.json({ ok: true }));

  // Stripe refuses oversized requests; so do the pages and the admin API.
  app.use(
    "*",
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new StripeApiError(413, "invalid_request_error", "The request body is too large.");
      },
    }),
  );
  app.route("/_standin", adminRoutes(standin, o.adminKey));

  app.use("/v1/*", authMiddleware(o.apiKey));
  app.use(
    "/v1/*",
    paramsMiddleware(store, () => billing.tick()),
  );
  // Events an API call caused go out after the response, as Stripe's do (the caller may hold locks meanwhile).
  app.use("/v1/*", async (_c, next) => {
    await next();
    void webhooks.dispatch().catch(() => undefined);
  });
  const api = new Hono<StandinEnv>();
  registerApiRoutes(api, store, billing);
  app.route("/v1", api);

  const deps = { store, billing, deliver: () => standin.deliverPending() };
  // Pages move time too: a portal opened after the clock moved shows the renewed subscription.
  app.use("/checkout/*", async (_c, next) => {
    billing.tick();
    await next();
  });
  app.use("/portal/*", async (_c, next) => {
    billing.tick();
    await next();
  });
  registerCheckoutPages(app, deps);
  registerPortalPages(app, deps);
  registerInvoicePages(app, deps);
  return app;
}
