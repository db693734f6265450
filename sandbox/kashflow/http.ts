// Request/response plumbing shared by every route: typed Hono env, JSON out with 4-dp decimals,
// case-insensitive query parameters, and KashFlow-style 400s for bad input.
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { BehaviourConfig } from "./config";
import type { DocContext } from "./domain/documents";
import { badRequest, KfError } from "./errors";
import { parseWireDate, toJson } from "./format";
import type { AccountRec, SandboxStore } from "./store/store";
import type { Books } from "./store/books";
import { applyNoise, type NoiseRule } from "./faults";

export interface SandboxVars {
  account: AccountRec;
  /** fieldNoise fault rules matched for this request. */
  noise: NoiseRule[];
  /** unstableOrder fault matched: equal-date bank rows reorder per request. */
  unstableOrder: boolean;
}

export type SandboxEnv = { Bindings: HttpBindings; Variables: SandboxVars };
export type Ctx = Context<SandboxEnv>;

export const JSON_TYPE = "application/json; charset=utf-8";

/** Serialises with Dec-aware JSON and applies any fieldNoise fault. */
export function send(c: Ctx, status: ContentfulStatusCode, body: unknown): Response {
  const noise = c.get("noise");
  const value = noise && noise.length > 0 ? applyNoise(body, noise) : body;
  return c.body(toJson(value), status, { "Content-Type": JSON_TYPE });
}

export const noContent = (c: Ctx): Response => c.body(null, 204);

export function errorResponse(c: Ctx, err: KfError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.body(toJson(err.body()), err.status as ContentfulStatusCode, { "Content-Type": JSON_TYPE });
}

/** The authenticated account (set by the auth middleware). */
export function accountOf(c: Ctx): AccountRec {
  const a = c.get("account");
  if (!a) throw new KfError(401, "InvalidSessionToken", "Session token provided is invalid.");
  return a;
}

export interface ReqScope {
  account: AccountRec;
  books: Books;
  cfg: BehaviourConfig;
  store: SandboxStore;
  now: number;
  today: string;
  doc: DocContext;
}

export function scope(c: Ctx, store: SandboxStore): ReqScope {
  const account = accountOf(c);
  const now = store.now();
  const cfg = store.behaviourFor(account);
  return {
    account,
    books: account.books,
    cfg,
    store,
    now,
    today: new Date(now).toISOString().slice(0, 10),
    doc: {
      books: account.books,
      cfg,
      now,
      user: { UserName: account.User.UserName, FullName: account.User.FullName },
    },
  };
}

/** Query string with ASP.NET's case-insensitive parameter names. */
export class Query {
  private readonly map = new Map<string, string>();
  constructor(url: string) {
    for (const [k, v] of new URL(url).searchParams) {
      const key = k.toLowerCase();
      if (!this.map.has(key)) this.map.set(key, v);
    }
  }
  static of(c: Ctx): Query {
    return new Query(c.req.url);
  }
  has(name: string): boolean {
    const v = this.map.get(name);
    return v !== undefined && v.trim() !== "";
  }
  str(name: string): string | null {
    const v = this.map.get(name)?.trim();
    return v ? v : null;
  }
  int(name: string): number | null;
  int(name: string, fallback: number): number;
  int(name: string, fallback?: number): number | null {
    const v = this.str(name);
    if (v === null) return fallback ?? null;
    if (!/^[+-]?\d+$/.test(v)) throw badRequest(`The value '${v}' is not valid for ${name}.`);
    return Number(v);
  }
  bool(name: string): boolean | null;
  bool(name: string, fallback: boolean): boolean;
  bool(name: string, fallback?: boolean): boolean | null {
    const v = this.str(name);
    if (v === null) return fallback ?? null;
    if (/^(true|1)$/i.test(v)) return true;
    if (/^(false|0)$/i.test(v)) return false;
    throw badRequest(`The value '${v}' is not valid for ${name}.`);
  }
  /** Date-only value (YYYY-MM-DD) for inclusive day filters. */
  date(name: string): string | null {
    const v = this.str(name);
    if (v === null) return null;
    const p = parseWireDate(v);
    if (!p) throw badRequest(`The value '${v}' is not valid for ${name}.`);
    return p.ymd;
  }
  /** Bound kept at second precision when the caller gave a time, else the bare day. */
  dateOrStamp(name: string): string | null {
    const v = this.str(name);
    if (v === null) return null;
    const p = parseWireDate(v);
    if (!p) throw badRequest(`The value '${v}' is not valid for ${name}.`);
    return p.hasTime ? p.wire : p.ymd;
  }
}

/** Reads a JSON body; empty or malformed JSON is a 400, as ASP.NET would answer. */
export async function readJson(c: Ctx): Promise<unknown> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw badRequest("The request body could not be read.");
  }
  if (!text.trim()) throw badRequest("The request is invalid. The request body is empty.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest("The request is invalid. The request body is not valid JSON.");
  }
}

/** Path parameter as an int, or 404 (ASP.NET route constraints do not match non-numbers). */
export function intParam(c: Ctx, name: string, what: string): number {
  const v = c.req.param(name) ?? "";
  if (!/^-?\d+$/.test(v)) throw new KfError(404, "NotFound", `${what} '${v}' was not found.`);
  return Number(v);
}
