// Wires the Hono app: admin API, OAuth server, then /v2 behind auth and fault injection.
import { Hono } from "hono";
import { getPath } from "hono/utils/url";
import { adminRoutes } from "./admin";
import { authMiddleware, registerSessionRoutes } from "./auth/session";
import type { Clock } from "./clock";
import { KfError } from "./errors";
import type { FaultEngine } from "./faults";
import { toJson } from "./format";
import { errorResponse, JSON_TYPE, type SandboxEnv } from "./http";
import { registerOAuthRoutes } from "./oauth/server";
import { registerAuditRoutes } from "./routes/audit";
import { registerBankRoutes } from "./routes/bankaccounts";
import { registerCurrencyRoutes } from "./routes/currencies";
import { registerCustomerRoutes } from "./routes/customers";
import { registerInvoiceRoutes } from "./routes/invoices";
import { registerMetadataRoutes } from "./routes/metadata";
import { registerNominalRoutes } from "./routes/nominals";
import { registerPaymentMethodRoutes } from "./routes/paymentmethods";
import { registerProductRoutes } from "./routes/products";
import { registerPurchaseRoutes } from "./routes/purchases";
import { registerSupplierRoutes } from "./routes/suppliers";
import { registerVatRoutes } from "./routes/vat";
import type { SandboxStore } from "./store/store";

export interface AppDeps {
  store: SandboxStore;
  faults: FaultEngine;
  clock: Clock;
  adminKey: string;
  flush: () => void;
}

/**
 * ASP.NET matches routes case-insensitively (`/V2/Invoices/7/Notes`): the literal segments of /v2 paths are
 * brought to the case they were registered in, while parameter values (customer codes …) keep theirs.
 */
function caseInsensitiveV2(app: Hono<SandboxEnv>): (req: Request) => string {
  let literals: Map<string, string> | null = null;
  return (req) => {
    const path = getPath(req);
    if (!/^\/v2(\/|$)/i.test(path)) return path;
    if (!literals) {
      literals = new Map();
      for (const r of app.routes)
        for (const seg of r.path.split("/"))
          if (seg && !seg.startsWith(":") && seg !== "*" && !literals.has(seg.toLowerCase()))
            literals.set(seg.toLowerCase(), seg);
    }
    const known = literals;
    return path
      .split("/")
      .map((seg) => known.get(seg.toLowerCase()) ?? seg)
      .join("/");
  };
}

export function buildApp(deps: AppDeps): Hono<SandboxEnv> {
  const { store, faults } = deps;
  let routing: (req: Request) => string = getPath;
  const app = new Hono<SandboxEnv>({ getPath: (req) => routing(req) });

  app.onError((err, c) => {
    if (err instanceof KfError) return errorResponse(c, err);
    // Never crash, never leak a stack trace: an unexpected failure is KashFlow's generic 500.
    console.error("[kashflow-sandbox] unhandled error:", err);
    return c.body(toJson({ Message: "An error has occurred.", Error: "InternalServerError" }), 500, {
      "Content-Type": JSON_TYPE,
    });
  });

  app.notFound((c) =>
    c.body(
      toJson({ Message: `No HTTP resource was found that matches the request URI '${c.req.url}'.`, Error: "NotFound" }),
      404,
      { "Content-Type": JSON_TYPE },
    ),
  );

  app.get("/", (c) =>
    c.json({
      Name: "Ledgerlink KashFlow REST API v2 sandbox",
      ApiBaseUrl: `${new URL(c.req.url).origin}/v2`,
      OAuth: store.oauth.paths,
      Admin: "/admin (X-Admin-Key header)",
    }),
  );
  app.get("/health", (c) => c.json({ ok: true, accounts: store.accounts.size }));

  app.route("/admin", adminRoutes(deps));

  const faultMw = faults.middleware(() => store.latencyMs);
  for (const path of Object.values(store.oauth.paths)) app.use(path, faultMw);
  registerOAuthRoutes(app, store);

  app.use("/v2/*", authMiddleware(store));
  app.use("/v2/*", faultMw);
  const api = new Hono<SandboxEnv>();
  registerSessionRoutes(api, store);
  registerCustomerRoutes(api, store);
  registerSupplierRoutes(api, store);
  registerNominalRoutes(api, store);
  registerProductRoutes(api, store);
  registerInvoiceRoutes(api, store);
  registerPurchaseRoutes(api, store);
  registerPaymentMethodRoutes(api, store);
  registerBankRoutes(api, store);
  registerVatRoutes(api, store);
  registerCurrencyRoutes(api, store);
  registerMetadataRoutes(api, store);
  registerAuditRoutes(api, store);
  app.route("/v2", api);
  routing = caseInsensitiveV2(app);
  return app;
}
