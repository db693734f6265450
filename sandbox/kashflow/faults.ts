// Fault injection (§13): rules switchable at run time per account and route, so client tests can
// rehearse every failure KashFlow (or the network in front of it) can produce.
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Clock } from "./clock";
import { prng } from "./domain/ids";
import { isPlainObject, ci, zBool, zInt, zNum, zStr } from "./validation";
import type { SandboxEnv } from "./http";

export const FAULT_KINDS = [
  "rateLimit",
  "serverError",
  "hang",
  "reset",
  "latency",
  "sqlTimeout",
  "unstableOrder",
  "fieldNoise",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  Id: string;
  Kind: FaultKind;
  /** null = every account (and unauthenticated routes such as /v2/sessiontoken and OAuth). */
  AccountId: string | null;
  /** null = any method. */
  Method: string | null;
  /** Glob on the request path ("*" = any run of characters); "/invoices*" also matches "/v2/invoices…". */
  Path: string;
  /** Chance that a matching request is hit (rateLimit ignores it). */
  Probability: number;
  /** Hits left before the rule goes quiet; null = unlimited. */
  Remaining: number | null;
  Fired: number;
  /** rateLimit */
  Limit: number;
  WindowSeconds: number;
  RetryAfterSeconds: number | null;
  /** serverError */
  Status: number;
  BodyKind: "json" | "html" | "text" | "malformedJson" | "empty";
  /** latency */
  LatencyMs: number;
  /** hang: null = until the client gives up; else answer 504 after this long. */
  HangMs: number | null;
  /** sqlTimeout: the page number (1-based) that fails. */
  Page: number;
  /** fieldNoise */
  Omit: string[];
  Extra: Record<string, unknown>;
  Randomize: boolean;
  Seed: number;
}

export const faultInputSchema = ci({
  Kind: z.enum(FAULT_KINDS),
  AccountId: zStr.nullish(),
  Method: zStr.nullish(),
  Path: zStr.nullish(),
  Probability: zNum.pipe(z.number().min(0).max(1)).nullish(),
  Times: zInt.pipe(z.number().int().min(1)).nullish(),
  Limit: zInt.pipe(z.number().int().min(0)).nullish(),
  WindowSeconds: zNum.pipe(z.number().positive()).nullish(),
  RetryAfterSeconds: zInt.pipe(z.number().int().min(0)).nullish(),
  Status: zInt.pipe(z.number().int().min(500).max(599)).nullish(),
  BodyKind: z.enum(["json", "html", "text", "malformedJson", "empty"]).nullish(),
  LatencyMs: zInt.pipe(z.number().int().min(0)).nullish(),
  HangMs: zInt.pipe(z.number().int().min(1)).nullish(),
  Page: zInt.pipe(z.number().int().min(1)).nullish(),
  Omit: z.array(z.string()).nullish(),
  Extra: z.record(z.string(), z.unknown()).nullish(),
  Randomize: zBool.nullish(),
  Seed: zInt.nullish(),
});
export type FaultInput = z.infer<typeof faultInputSchema>;

/** Optional fields that real payloads have been seen to lose or gain (§10.4). */
const DEFAULT_OMIT = ["SupplierId", "BankReconciliationId", "Permalink", "DeletedAt", "FileCount", "EmailCount"];

export interface NoiseRule {
  omit: Set<string>;
  extra: Record<string, unknown>;
  randomize: boolean;
  rand: () => number;
}

const SQL_TIMEOUT_MESSAGE =
  "Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.";

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

export class FaultEngine {
  readonly rules = new Map<string, FaultRule>();
  private readonly matchers = new Map<string, RegExp>();
  private readonly noiseRand = new Map<string, () => number>();
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly hangs = new Set<() => void>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  add(input: FaultInput): FaultRule {
    this.seq += 1;
    const rule: FaultRule = {
      Id: `fault-${this.seq}`,
      Kind: input.Kind,
      AccountId: input.AccountId ?? null,
      Method: input.Method ? input.Method.toUpperCase() : null,
      Path: input.Path || "*",
      Probability: input.Probability ?? 1,
      Remaining: input.Times ?? null,
      Fired: 0,
      Limit: input.Limit ?? 10,
      WindowSeconds: input.WindowSeconds ?? 60,
      RetryAfterSeconds: input.RetryAfterSeconds ?? null,
      Status: input.Status ?? 500,
      BodyKind: input.BodyKind ?? (input.Status === 502 || input.Status === 504 ? "html" : "json"),
      LatencyMs: input.LatencyMs ?? 1000,
      HangMs: input.HangMs ?? null,
      Page: input.Page ?? 2,
      Omit: input.Omit ?? (input.Extra ? [] : DEFAULT_OMIT),
      Extra: input.Extra ?? (input.Omit ? {} : { UndocumentedField: "sandbox" }),
      Randomize: input.Randomize ?? false,
      Seed: input.Seed ?? this.seq,
    };
    this.rules.set(rule.Id, rule);
    this.matchers.set(rule.Id, globToRegExp(rule.Path));
    this.noiseRand.set(rule.Id, prng(rule.Seed));
    return rule;
  }

  remove(id: string): boolean {
    this.matchers.delete(id);
    this.noiseRand.delete(id);
    for (const k of this.windows.keys()) if (k.startsWith(`${id}|`)) this.windows.delete(k);
    return this.rules.delete(id);
  }

  clear(accountId?: string): number {
    let n = 0;
    for (const r of [...this.rules.values()]) {
      if (accountId === undefined || r.AccountId === accountId) {
        this.remove(r.Id);
        n += 1;
      }
    }
    return n;
  }

  list(accountId?: string): FaultRule[] {
    return [...this.rules.values()].filter((r) => accountId === undefined || r.AccountId === accountId);
  }

  /** Lets every hanging request go (server shutdown). */
  releaseHangs(): void {
    for (const release of [...this.hangs]) release();
  }

  private matches(rule: FaultRule, method: string, path: string, accountId: string | null): boolean {
    if (rule.Remaining === 0) return false;
    if (rule.AccountId !== null && rule.AccountId !== accountId) return false;
    if (rule.Method !== null && rule.Method !== method) return false;
    const re = this.matchers.get(rule.Id);
    if (!re) return false;
    return re.test(path) || (path.startsWith("/v2/") && re.test(path.slice(3)));
  }

  private hit(rule: FaultRule): boolean {
    if (rule.Probability < 1 && Math.random() >= rule.Probability) return false;
    rule.Fired += 1;
    if (rule.Remaining !== null) rule.Remaining -= 1;
    return true;
  }

  /** Fixed windows starting at the first request; only admitted requests count toward the limit. */
  private rateLimited(rule: FaultRule, accountId: string | null): number | null {
    const key = `${rule.Id}|${accountId ?? "*"}`;
    const now = this.clock.now();
    const windowMs = rule.WindowSeconds * 1000;
    let w = this.windows.get(key);
    if (!w || now >= w.start + windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count < rule.Limit) {
      w.count += 1;
      return null;
    }
    rule.Fired += 1;
    // Times counts the 429s this rule answers, like every other kind's firings.
    if (rule.Remaining !== null) rule.Remaining -= 1;
    return rule.RetryAfterSeconds ?? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
  }

  middleware(latencyMs: () => number): MiddlewareHandler<SandboxEnv> {
    return async (c, next) => {
      const path = new URL(c.req.url).pathname;
      const account = c.get("account");
      const accountId = account?.Id ?? null;
      const method = c.req.method.toUpperCase();
      const active =
        this.rules.size === 0 ? [] : [...this.rules.values()].filter((r) => this.matches(r, method, path, accountId));
      let delay = latencyMs();
      for (const r of active) if (r.Kind === "latency" && this.hit(r)) delay += r.LatencyMs;
      if (delay > 0) await sleep(delay);
      if (active.length === 0) return next();

      for (const r of active) {
        switch (r.Kind) {
          case "reset":
            if (this.hit(r)) {
              // Destroying the socket makes the client see ECONNRESET / "other side closed".
              c.env?.incoming?.socket?.destroy();
              return new Response(null, { status: 500 });
            }
            break;
          case "hang":
            if (this.hit(r)) return this.hang(c.env?.incoming?.socket, r.HangMs);
            break;
          case "rateLimit": {
            const retryAfter = this.rateLimited(r, accountId);
            if (retryAfter !== null) {
              return new Response(
                JSON.stringify({ Message: "Too many requests. Please retry later.", Error: "TooManyRequests" }),
                {
                  status: 429,
                  headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": String(retryAfter) },
                },
              );
            }
            break;
          }
          case "serverError":
            if (this.hit(r)) return serverError(r.Status, r.BodyKind);
            break;
          case "sqlTimeout": {
            const pageParam = [...new URL(c.req.url).searchParams].find(([k]) => k.toLowerCase() === "page")?.[1];
            const page = pageParam && /^\d+$/.test(pageParam) ? Number(pageParam) : 1;
            if (method === "GET" && page === r.Page && this.hit(r)) {
              return new Response(JSON.stringify({ Message: SQL_TIMEOUT_MESSAGE, Error: "-2146232060" }), {
                status: 400,
                headers: { "Content-Type": "application/json; charset=utf-8" },
              });
            }
            break;
          }
          case "unstableOrder":
            if (this.hit(r)) c.set("unstableOrder", true);
            break;
          case "fieldNoise":
            if (this.hit(r)) {
              const list = c.get("noise") ?? [];
              list.push({
                omit: new Set(r.Omit.map((k) => k.toLowerCase())),
                extra: r.Extra,
                randomize: r.Randomize,
                rand: this.noiseRand.get(r.Id) ?? Math.random,
              });
              c.set("noise", list);
            }
            break;
          case "latency":
            break;
        }
      }
      return next();
    };
  }

  private hang(socket: import("node:net").Socket | undefined, hangMs: number | null): Promise<Response> {
    return new Promise<Response>((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const finish = (res: Response | null) => {
        if (timer) clearTimeout(timer);
        this.hangs.delete(release);
        socket?.off("close", onClose);
        if (res === null) socket?.destroy();
        resolve(res ?? new Response(null, { status: 504 }));
      };
      const release = () => finish(null);
      const onClose = () => finish(null);
      this.hangs.add(release);
      socket?.once("close", onClose);
      if (hangMs !== null) {
        timer = setTimeout(() => finish(serverError(504, "html")), hangMs);
      }
    });
  }
}

function serverError(status: number, kind: FaultRule["BodyKind"]): Response {
  const title =
    status === 503
      ? "Service Unavailable"
      : status === 502
        ? "Bad Gateway"
        : status === 504
          ? "Gateway Timeout"
          : "Internal Server Error";
  switch (kind) {
    case "html":
      return new Response(
        `<!DOCTYPE html><html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1><p>The server encountered an error processing the request.</p></body></html>`,
        { status, headers: { "Content-Type": "text/html; charset=utf-8" } },
      );
    case "text":
      return new Response(`${status} ${title}`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    case "malformedJson":
      return new Response('{"Message": "An error has occurred.", "Error": ', {
        status,
        headers: { "Content-Type": "application/json; charset=utf-8" },
      });
    case "empty":
      return new Response(null, { status });
    default:
      return new Response(JSON.stringify({ Message: "An error has occurred.", Error: "InternalServerError" }), {
        status,
        headers: { "Content-Type": "application/json; charset=utf-8" },
      });
  }
}

// ---- fieldNoise --------------------------------------------------------------------------------

function strip(value: unknown, rule: NoiseRule): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, rule));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (rule.omit.has(k.toLowerCase()) && (!rule.randomize || rule.rand() < 0.5)) continue;
    out[k] = strip(v, rule);
  }
  return out;
}

function decorate(record: unknown, rule: NoiseRule): unknown {
  if (!isPlainObject(record)) return record;
  const out = { ...record };
  for (const [k, v] of Object.entries(rule.extra)) if (!rule.randomize || rule.rand() < 0.5) out[k] = v;
  if (rule.randomize) out[`Sandbox${Math.floor(rule.rand() * 1000)}`] = rule.rand() < 0.5 ? null : "x";
  return out;
}

/** Drops optional fields and adds unknown ones on each record (rows of Data, array items, or the object). */
export function applyNoise(body: unknown, rules: NoiseRule[]): unknown {
  let value = body;
  for (const rule of rules) {
    if (isPlainObject(value) && "MetaData" in value && Array.isArray(value.Data)) {
      value = { ...value, Data: value.Data.map((row) => decorate(strip(row, rule), rule)) };
    } else if (Array.isArray(value)) {
      value = value.map((row) => decorate(strip(row, rule), rule));
    } else {
      value = decorate(strip(value, rule), rule);
    }
  }
  return value;
}
