// Plumbing for /v1: Bearer key check, Stripe's form encoding in, JSON out with expansion, lists with cursors,
// and Idempotency-Key replays (same key + same parameters → the saved response; different parameters → 400).
import { createHash, timingSafeEqual } from "node:crypto";
import type { HttpBindings } from "@hono/node-server";
import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { idempotencyMismatch, invalid, StripeApiError, unauthorized } from "./errors";
import { render } from "./expand";
import { type FormObject, parseForm } from "./form";
import { randomToken } from "./ids";
import type { Store } from "./store/store";

export interface StandinVars {
  params: FormObject;
  request: { id: string; key: string | null };
}
export type StandinEnv = { Bindings: HttpBindings; Variables: StandinVars };
export type Ctx = Context<StandinEnv>;

export const JSON_TYPE = "application/json; charset=utf-8";

export function errorResponse(c: Ctx, err: StripeApiError): Response {
  return c.body(JSON.stringify(err.body(), null, 2), err.status as ContentfulStatusCode, { "Content-Type": JSON_TYPE });
}

function keyMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The secret key from `Authorization: Bearer sk_…` (or Basic with the key as user name, as curl -u sends it). */
function presentedKey(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value = ""] = header.split(" ", 2);
  if (/^bearer$/i.test(scheme ?? "")) return value.trim() || null;
  if (/^basic$/i.test(scheme ?? "")) return Buffer.from(value, "base64").toString("utf8").split(":")[0] || null;
  return null;
}

export function authMiddleware(apiKey: string): MiddlewareHandler<StandinEnv> {
  return async (c, next) => {
    const key = presentedKey(c.req.header("authorization"));
    if (!key)
      throw unauthorized(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    if (!keyMatches(key, apiKey))
      throw unauthorized(`Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(4)}${key.slice(-4)}`);
    return next();
  };
}

/** Sorted-key JSON, so the same parameters in another order are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** Parses parameters (query for GET/DELETE, form body for POST) and replays idempotent POSTs. */
export function paramsMiddleware(store: Store, onRequest: () => void): MiddlewareHandler<StandinEnv> {
  /** Keys whose first request is still running: a second one meanwhile is Stripe's 409. */
  const inFlight = new Set<string>();
  return async (c, next) => {
    const method = c.req.method;
    const url = new URL(c.req.url);
    let params: FormObject;
    try {
      const body = method === "POST" ? await c.req.text() : "";
      params = parseForm(`${url.search.slice(1)}${body ? `&${body}` : ""}`);
    } catch {
      throw invalid("The request body could not be read.");
    }
    const key = method === "POST" ? (c.req.header("idempotency-key") ?? null) : null;
    const requestId = `req_${randomToken(14)}`;
    c.set("params", params);
    c.set("request", { id: requestId, key });
    c.header("Request-Id", requestId);
    const version = c.req.header("stripe-version");
    if (version) c.header("Stripe-Version", version);
    if (key) {
      const fingerprint = createHash("sha256").update(canonical(params)).digest("hex");
      const saved = store.idempotency.get(key);
      if (saved) {
        if (saved.method !== method || saved.path !== url.pathname || saved.fingerprint !== fingerprint)
          throw idempotencyMismatch(key);
        return c.body(saved.body, saved.status as ContentfulStatusCode, {
          "Content-Type": JSON_TYPE,
          "Idempotent-Replayed": "true",
          "Idempotency-Key": key,
        });
      }
      if (inFlight.has(key))
        throw new StripeApiError(
          409,
          "idempotency_error",
          "There is currently another in-progress request using this Idempotency-Key. Please try again later.",
          "idempotency_key_in_use",
        );
      inFlight.add(key);
      try {
        onRequest();
        await next();
      } finally {
        inFlight.delete(key);
      }
      // Stripe saves what an endpoint answered once it ran; validation failures are not saved.
      if (c.res.status < 400 || c.res.status === 402) {
        // Stripe keeps keys for 24 hours.
        if (store.idempotency.size > 1000) {
          const dayAgo = Date.now() - 86_400_000;
          for (const [k, rec] of store.idempotency) if (rec.at < dayAgo) store.idempotency.delete(k);
        }
        store.idempotency.set(key, {
          method,
          path: url.pathname,
          fingerprint,
          status: c.res.status,
          body: await c.res.clone().text(),
          at: Date.now(),
        });
        store.onChange();
      }
      c.res.headers.set("Idempotency-Key", key);
      return;
    }
    onRequest();
    await next();
  };
}

export const params = (c: Ctx): FormObject => c.get("params");

export function expandOf(c: Ctx): string[] {
  const e = c.get("params").expand;
  if (e === undefined) return [];
  if (Array.isArray(e) && e.every((x) => typeof x === "string")) return e as string[];
  throw invalid("Invalid array", "expand");
}

export function sendObject(c: Ctx, store: Store, value: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(render(store, value, expandOf(c)), null, 2), status, { "Content-Type": JSON_TYPE });
}

/** Stripe's list: newest first, `limit` (1–100, default 10), `starting_after` / `ending_before` cursors. */
export function sendList<T extends { id: string }>(c: Ctx, store: Store, items: T[], path: string): Response {
  const p = c.get("params");
  const limitRaw = p.limit;
  let limit = 10;
  if (limitRaw !== undefined) {
    if (typeof limitRaw !== "string" || !/^\d+$/.test(limitRaw))
      throw invalid(`Invalid integer: ${String(limitRaw)}`, "limit", "parameter_invalid_integer");
    limit = Number(limitRaw);
    if (limit < 1 || limit > 100)
      throw invalid("This value must be greater than or equal to 1 and less than or equal to 100.", "limit");
  }
  let from = 0;
  let to = items.length;
  if (typeof p.starting_after === "string") {
    const i = items.findIndex((x) => x.id === p.starting_after);
    if (i < 0)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `No such object: '${p.starting_after}'`,
        "resource_missing",
        "starting_after",
      );
    from = i + 1;
  } else if (typeof p.ending_before === "string") {
    const i = items.findIndex((x) => x.id === p.ending_before);
    if (i < 0)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `No such object: '${p.ending_before}'`,
        "resource_missing",
        "ending_before",
      );
    to = i;
    from = Math.max(0, to - limit);
  }
  const page = items.slice(from, Math.min(to, from + limit));
  const hasMore = typeof p.ending_before === "string" ? from > 0 : from + limit < to;
  const list = { object: "list", data: page, has_more: hasMore, url: path };
  return c.body(JSON.stringify(render(store, list, expandOf(c)), null, 2), 200, { "Content-Type": JSON_TYPE });
}

/** Newest first, ties broken by insertion order (latest inserted first), as Stripe lists. */
export function newestFirst<T extends Record<string, unknown>>(items: Iterable<T>): T[] {
  return [...items]
    .map((x, i) => ({ x, i }))
    .sort((a, b) => Number(b.x.created) - Number(a.x.created) || b.i - a.i)
    .map(({ x }) => x);
}
