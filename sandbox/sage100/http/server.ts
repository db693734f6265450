// HTTP face of the simulator (hono): company listing, table inspection (raw BOI-format JSON for tests, the demo and
// "see it in Sage 100"), the read-only ODBC-style query/SQL endpoints, and guarded admin endpoints.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { ZodError } from "zod";
import { OdbcError } from "../odbc/common";
import { odbcQuerySchema, type OdbcQuery } from "../odbc/query";
import type { Sage100Simulator } from "../simulator";
import { registerAdminRoutes } from "./admin";

export interface Sage100ServerOptions {
  /** Admin key required in the x-admin-key header (default env SAGE100_SANDBOX_ADMIN_KEY or "sandbox-admin"). */
  adminKey?: string;
}

export interface Sage100Server {
  app: Hono;
  listen(port?: number, host?: string): Promise<{ url: string; port: number; close(): Promise<void> }>;
}

class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const FILTER_OPS: Record<
  string,
  OdbcQuery["where"] extends Array<infer F> | undefined ? (F extends { op: infer O } ? O : never) : never
> = {
  eq: "=",
  ne: "<>",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
  like: "like",
};

/** GET query string -> structured query: columns=a,b top= offset= updatedSince= updatedSinceTime= eq.Col=value ... */
function queryFromParams(table: string, params: Record<string, string>): OdbcQuery {
  const where: NonNullable<OdbcQuery["where"]> = [];
  for (const [k, v] of Object.entries(params)) {
    const m = /^(eq|ne|lt|le|gt|ge|like|in)\.(.+)$/.exec(k);
    if (!m) continue;
    const op = m[1] ?? "eq";
    if (op === "in") where.push({ column: m[2] ?? "", op: "in", value: v.split(",") });
    else where.push({ column: m[2] ?? "", op: FILTER_OPS[op] ?? "=", value: v });
  }
  return odbcQuerySchema.parse({
    table,
    ...(params.columns ? { columns: params.columns.split(",") } : {}),
    ...(where.length ? { where } : {}),
    ...(params.updatedSince
      ? {
          updatedSince: {
            date: params.updatedSince,
            ...(params.updatedSinceTime ? { time: params.updatedSinceTime } : {}),
          },
        }
      : {}),
    ...(params.orderBy
      ? { orderBy: params.orderBy.split(",").map((c) => ({ column: c.replace(/^-/, ""), desc: c.startsWith("-") })) }
      : {}),
    ...(params.top ? { top: Number(params.top) } : {}),
    ...(params.offset ? { offset: Number(params.offset) } : {}),
  });
}

export function createSage100Server(sim: Sage100Simulator, options: Sage100ServerOptions = {}): Sage100Server {
  const adminKey = options.adminKey ?? process.env.SAGE100_SANDBOX_ADMIN_KEY ?? "sandbox-admin";
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof OdbcError) return c.json({ error: { sqlState: err.sqlState, message: err.message } }, 400);
    if (err instanceof ZodError) return c.json({ error: { message: "Invalid request", issues: err.issues } }, 400);
    if (err instanceof HttpError) return c.json({ error: { message: err.message } }, err.status);
    if (err instanceof SyntaxError) return c.json({ error: { message: `Invalid JSON: ${err.message}` } }, 400);
    const message = err instanceof Error ? err.message : String(err);
    if (/does not exist|not a regular|Company codes/.test(message)) return c.json({ error: { message } }, 404);
    return c.json({ error: { message } }, 500);
  });

  const company = (code: string) => {
    const c = sim.getCompany(code);
    if (!c) throw new HttpError(404, `Company ${code} does not exist`);
    return c;
  };

  app.get("/", (c) =>
    c.json({
      service: "sage100-sandbox",
      companies: sim.listCompanies().map((x) => x.code),
      endpoints: [
        "/health",
        "/companies",
        "/companies/:co/tables",
        "/companies/:co/tables/:table",
        "/companies/:co/inspect",
        "/companies/:co/odbc/:table",
        "/companies/:co/odbc/query",
        "/companies/:co/odbc/sql",
        "/admin/*",
      ],
    }),
  );
  app.get("/health", (c) =>
    c.json({
      ok: true,
      companies: sim.listCompanies().length,
      sessions: sim.seatsInUse(),
      now: sim.clock.now().toISOString(),
    }),
  );
  app.get("/companies", (c) => c.json({ companies: sim.listCompanies() }));

  app.get("/companies/:co/tables", (c) => {
    const co = company(c.req.param("co"));
    return c.json({
      company: co.code,
      tables: co.tableNames().map((n) => {
        const t = co.t(n);
        return {
          name: n,
          rows: t.size,
          key: t.schema.key,
          audit: t.schema.audit,
          ...(t.schema.note ? { note: t.schema.note } : {}),
        };
      }),
    });
  });

  app.get("/companies/:co/tables/:table", (c) => {
    const co = company(c.req.param("co"));
    const t = co.findTable(c.req.param("table"));
    if (!t) throw new HttpError(404, `Table ${c.req.param("table")} does not exist`);
    const offset = Number(c.req.query("offset") ?? 0);
    const limit = c.req.query("limit") ? Number(c.req.query("limit")) : undefined;
    // any other query parameter naming a column filters on its exact stored value (e.g. ?InvoiceNo=0001001)
    const filters = Object.entries(c.req.query()).flatMap(([k, v]) => {
      const col = t.schema.columns.find((x) => x.name.toLowerCase() === k.toLowerCase());
      return col ? [[col.name, v] as const] : [];
    });
    const all = filters.length
      ? t.sorted().filter((r) => filters.every(([col, v]) => String(r[col] ?? "") === v))
      : t.sorted();
    const rows = (limit !== undefined ? all.slice(offset, offset + limit) : all.slice(offset)).map((r) => ({ ...r }));
    return c.json({
      company: co.code,
      table: t.name,
      key: t.schema.key,
      columns: t.schema.columns.map((col) => ({
        name: col.name,
        kind: col.kind,
        length: col.length,
        scale: col.scale,
        description: col.description,
        ...(col.enumValues ? { values: col.enumValues } : {}),
      })),
      total: all.length,
      rows,
    });
  });

  app.get("/companies/:co/inspect", (c) => {
    company(c.req.param("co"));
    const tables = c.req.query("tables")?.split(",").filter(Boolean);
    return c.json(sim.inspect(c.req.param("co"), tables));
  });

  app.post("/companies/:co/odbc/query", async (c) => {
    company(c.req.param("co"));
    return c.json(sim.query(c.req.param("co"), odbcQuerySchema.parse(await c.req.json())));
  });

  app.post("/companies/:co/odbc/sql", async (c) => {
    company(c.req.param("co"));
    const body = (await c.req.json()) as { sql?: unknown; params?: unknown; dialect?: unknown };
    if (typeof body.sql !== "string") throw new HttpError(400, "Body must be { sql, params?, dialect? }");
    const params = Array.isArray(body.params) ? body.params.map((p) => (typeof p === "number" ? p : String(p))) : [];
    const dialect = body.dialect === "pxplus" ? "pxplus" : "providex4";
    return c.json(sim.sql(c.req.param("co"), body.sql, params, dialect));
  });

  app.get("/companies/:co/odbc/:table", (c) => {
    company(c.req.param("co"));
    return c.json(sim.query(c.req.param("co"), queryFromParams(c.req.param("table"), c.req.query())));
  });

  registerAdminRoutes(app, sim, adminKey);

  return {
    app,
    listen(port = 0, host = "127.0.0.1") {
      return new Promise((resolve, reject) => {
        const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
          resolve({
            url: `http://${host}:${info.port}`,
            port: info.port,
            close: () =>
              new Promise<void>((res, rej) => {
                server.close((err) => (err ? rej(err) : res()));
                // keep-alive clients would otherwise hold the server open
                (server as { closeAllConnections?: () => void }).closeAllConnections?.();
              }),
          });
        });
        server.once("error", reject);
      });
    },
  };
}
