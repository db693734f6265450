// One way to talk to KashFlow: rate-limited per account, timed out, retried, authenticated, every failure an AppError.
import { cleanJson } from "@/lib/safe-text";
import { AppError } from "@/lib/errors";
import type { KashflowLimits } from "./config";
import { errorFromResponse, malformedResponse, networkError, unreachableSentence, type RequestContext } from "./errors";
import type { RequestGate } from "./rate-limit";
import { withRetries } from "./retry";
import { fetchSend, undiciSend, type Send } from "./send";

export type Query = Record<string, string | number | boolean | null | undefined>;

export type CallSpec = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Relative to the API base ("/invoices/12"), or an absolute URL on the same origin (a NextPageUrl). */
  path: string;
  query?: Query;
  body?: unknown;
  /** For messages: "reading", "creating" … */
  action: string;
  /** For messages: "invoice 1042" … */
  subject: string;
  /** Defaults: GET/DELETE true, POST false, PUT true. A PUT that adds a payment line must say false. */
  idempotent?: boolean;
  /** false for the login endpoints themselves. */
  auth?: boolean;
};

export type RawResponse = { status: number; headers: Headers; text: string };

export interface AuthStrategy {
  /** The Authorization header for the next request; may sign in or refresh first. */
  header(): Promise<string>;
  /** A 401 came back for `failedHeader`: repair (re-login, refresh) once. false = cannot, surface the error. */
  recover(failedHeader: string, error: AppError): Promise<boolean>;
}

/**
 * Told whether calls reach KashFlow at all: a failure before any answer (refused, reset, timed out, no address),
 * each attempt; or any HTTP answer, whatever its status. Awaited, so an observer that records it is done before the
 * call returns; an observer that throws is ignored (the call's own outcome stands).
 */
export type TransportObserver = {
  onTransportFailure?(failure: { sentence: string; reason: string; at: Date }): void | Promise<void>;
  onAnswered?(at: Date): void | Promise<void>;
};

export type HttpOptions = {
  apiBaseUrl: string;
  limiter: RequestGate;
  limits: KashflowLimits;
  /** Tests that fake the network inject a fetch; otherwise requests go through undici. */
  fetch?: typeof fetch;
  /** Reads only (a company in set-up, the first-sync preview): any authenticated write is refused before it is sent. */
  readOnly?: boolean;
  transport?: TransportObserver;
};

export class KashflowHttp {
  private readonly base: URL;
  private readonly send: Send;
  auth: AuthStrategy | null = null;

  constructor(private readonly o: HttpOptions) {
    this.send = o.fetch ? fetchSend(o.fetch) : undiciSend;
    this.base = new URL(o.apiBaseUrl.endsWith("/") ? o.apiBaseUrl : `${o.apiBaseUrl}/`);
  }

  get apiBaseUrl(): string {
    return this.base.href.replace(/\/$/, "");
  }

  /** Sends with retries; `read` turns a 2xx into the result inside the retry loop, so a garbled body is retried too. */
  async call<T>(spec: CallSpec, read: (res: RawResponse, ctx: RequestContext) => T): Promise<T> {
    const ctx = contextOf(spec);
    // Signing in and out (auth: false) is not a write to the books; everything else but a read is.
    if (this.o.readOnly && spec.method !== "GET" && spec.auth !== false) throw readOnlyRefusal(spec);
    const state = { reauthenticated: false };
    return withRetries(
      async () => {
        const res = await this.attempt(spec, ctx, state);
        return read(res, ctx);
      },
      {
        maxRetries: this.o.limits.maxRetries,
        baseDelayMs: this.o.limits.retryBaseDelayMs,
        maxDelayMs: this.o.limits.retryMaxDelayMs,
        maxRetryAfterMs: this.o.limits.maxRetryAfterMs,
      },
      { idempotent: ctx.idempotent, onRateLimited: (ms) => this.o.limiter.pause(ms) },
    );
  }

  /** JSON body of a 2xx (204/empty → null); a body that is not JSON is a transient failure. */
  async json(spec: CallSpec): Promise<unknown> {
    return this.call(spec, (res, ctx) => parseJson(res, ctx));
  }

  /**
   * A server-given page URL, absolute or relative. One naming another host (http vs https, an internal name) is
   * re-read against our base: we follow its path and query, never send our token elsewhere.
   */
  pageUrl(next: string): URL {
    const url = new URL(next, this.base);
    return url.origin === this.base.origin ? url : new URL(`${url.pathname}${url.search}`, this.base.origin);
  }

  /** Resolves a path or a URL; a URL on another origin is refused (our token must not leak). */
  url(path: string, query?: Query): URL {
    const url = /^https?:\/\//i.test(path)
      ? new URL(path)
      : path.startsWith(this.base.pathname)
        ? new URL(path, this.base.origin)
        : new URL(path.replace(/^\//, ""), this.base);
    if (url.origin !== this.base.origin)
      throw new AppError(
        "INTERNAL",
        `KashFlow pointed us at another server (${url.origin}); we did not follow it. Our team has been alerted.`,
        {
          retryClass: "BUG",
          reason: "ForeignUrl",
        },
      );
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    return url;
  }

  private async attempt(
    spec: CallSpec,
    ctx: RequestContext,
    state: { reauthenticated: boolean },
  ): Promise<RawResponse> {
    const auth = spec.auth === false ? null : this.auth;
    let header = auth ? await auth.header() : undefined;
    let res = await this.sendOnce(spec, ctx, header);
    if (res.status === 401 && auth && header && !state.reauthenticated) {
      // Re-login (or refresh) once per call and retry once; a second 401 is final.
      state.reauthenticated = true;
      if (await auth.recover(header, errorFromResponse(ctx, res.status, res.text, res.headers))) {
        header = await auth.header();
        res = await this.sendOnce(spec, ctx, header);
      }
    }
    if (res.status >= 200 && res.status < 300) return res;
    throw errorFromResponse(ctx, res.status, res.text, res.headers);
  }

  private async sendOnce(spec: CallSpec, ctx: RequestContext, authorization: string | undefined): Promise<RawResponse> {
    const url = this.url(spec.path, spec.query);
    const sent = await this.o.limiter.schedule(async (): Promise<RawResponse | AppError> => {
      const signal = AbortSignal.timeout(this.o.limits.timeoutMs);
      const headers: Record<string, string> = { Accept: "application/json" };
      if (authorization) headers.Authorization = authorization;
      if (spec.body !== undefined) headers["Content-Type"] = "application/json";
      try {
        return await this.send(url, {
          method: spec.method,
          headers,
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal,
        });
      } catch (error) {
        return networkError(ctx, error, signal.aborted);
      }
    });
    if (sent instanceof AppError) {
      await this.observe((t) =>
        t.onTransportFailure?.({
          sentence: unreachableSentence(ctx, sent.reason ?? "NetworkError", url.origin),
          reason: sent.reason ?? "NetworkError",
          at: new Date(),
        }),
      );
      throw sent;
    }
    await this.observe((t) => t.onAnswered?.(new Date()));
    return sent;
  }

  private async observe(tell: (t: TransportObserver) => void | Promise<void>): Promise<void> {
    if (!this.o.transport) return;
    try {
      await tell(this.o.transport);
    } catch {
      // Recording reachability must never change a call's outcome.
    }
  }
}

/** The one error a read-only client answers a write with; nothing reached KashFlow. */
export function readOnlyRefusal(spec: Pick<CallSpec, "action" | "subject">): AppError {
  return new AppError(
    "PRECONDITION_FAILED",
    `Not ${spec.action} ${spec.subject} in KashFlow: this company is not syncing yet, so Ledgerlink only reads.`,
    {
      retryClass: "NEEDS_USER",
      reason: "ReadOnly",
    },
  );
}

export function contextOf(spec: CallSpec): RequestContext {
  return {
    method: spec.method,
    path: spec.path,
    action: spec.action,
    subject: spec.subject,
    idempotent: spec.idempotent ?? spec.method !== "POST",
  };
}

/**
 * Whether JSON text may parse to a NUL or a lone surrogate: only through a \u escape, or raw in text that was not
 * decoded from UTF-8. Nearly every answer has neither, and skips the walk (and copy) of cleanJson.
 */
const MAY_BE_UNSAFE = /\\u(?:0000|[dD][89a-fA-F])|\u0000|[\uD800-\uDFFF]/;

export function parseJson(res: RawResponse, ctx: RequestContext): unknown {
  if (res.status === 204 || !res.text.trim()) return null;
  let clean: ReturnType<typeof cleanJson<unknown>>;
  try {
    // KashFlow's text goes into Postgres (ledger, attempts): NUL bytes and broken UTF-16 would make those writes fail.
    const parsed = JSON.parse(res.text) as unknown;
    clean = MAY_BE_UNSAFE.test(res.text) ? cleanJson(parsed) : { value: parsed, changed: [] };
  } catch (error) {
    throw malformedResponse(ctx, res.status, error);
  }
  if (clean.changed.length)
    console.warn(`[kashflow] ${ctx.method} ${ctx.path}: cleaned text at ${clean.changed.slice(0, 5).join(", ")}`);
  return clean.value;
}
