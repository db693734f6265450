// GET /paymentmethods/{invoice|purchase} (§7.2): no schema in Swagger; the sandbox answers the spec's
// [INF] shape, a bare array of {Id, Name}.
import type { Hono } from "hono";
import { notFound } from "../errors";
import { scope, send, type SandboxEnv } from "../http";
import { referenceList } from "../paging";
import type { SandboxStore } from "../store/store";

export function registerPaymentMethodRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.get("/paymentmethods/:type", (c) => {
    const s = scope(c, store);
    const type = (c.req.param("type") ?? "").toLowerCase();
    if (type !== "invoice" && type !== "purchase") throw notFound(`Payment method type '${type}' was not found.`);
    const rows = [...s.books.paymentMethods[type].values()];
    return send(
      c,
      200,
      referenceList(c, s.cfg, rows, (m) => ({ Id: m.Id, Name: m.Name })),
    );
  });
}
