// Every KashFlow failure becomes one AppError with a retry class and a sentence a bookkeeper understands.
import { cleanJson } from "@/lib/safe-text";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** What a request was about, so messages can say "reading invoice 1042" rather than "GET /invoices/1042". */
export type RequestContext = {
  method: string;
  path: string;
  /** "reading", "creating", "saving", "deleting", "signing in" … */
  action: string;
  /** "invoice 1042", "the customer list" … */
  subject: string;
  /** Safe to send twice (GET, DELETE, a PUT that adds nothing): ambiguous failures may be retried. */
  idempotent: boolean;
};

const what = (ctx: Pick<RequestContext, "action" | "subject">) => `${ctx.action} ${ctx.subject}`;

/** KashFlow's error body (§3.5): match on Error, never on Message. */
export type KashflowErrorBody = { Message?: string; Error?: string };

/** KashFlow's SQL timeout surfaces as a 400 with this code (§10.1); it is transient, not our mistake. */
export const SQL_TIMEOUT_REASON = "-2146232060";

const CREDENTIAL_MESSAGES: Record<string, string> = {
  InvalidCredentials: "KashFlow did not accept the username or password. Check them and connect again.",
  InvalidMemorableWord:
    "KashFlow did not accept the memorable word characters. Check the memorable word and connect again.",
  InvalidTemporaryToken: "KashFlow's sign-in step expired before it was completed. Please connect again.",
  AccountLocked:
    "Your KashFlow user is locked after too many failed sign-ins. Unlock it in KashFlow (or wait for the lock to end), then connect again.",
  PasswordExpired: "Your KashFlow password has expired. Sign in to KashFlow to set a new one, then update it here.",
  SubscriptionExpired: "Your KashFlow subscription has expired. Renew it in KashFlow, then reconnect.",
  InvalidSessionToken: "KashFlow no longer accepts this connection's sign-in. Please connect KashFlow again.",
};

/** KashFlow reasons that only a person can fix: never retried, never followed by another login attempt. */
export const CREDENTIAL_REASONS = new Set(Object.keys(CREDENTIAL_MESSAGES));

export function credentialError(reason: string, cause?: unknown): AppError {
  return new AppError(
    "PRECONDITION_FAILED",
    CREDENTIAL_MESSAGES[reason] ?? "KashFlow refused the sign-in. Please connect KashFlow again.",
    {
      retryClass: "NEEDS_USER",
      reason,
      cause,
    },
  );
}

/** Reads a KashFlow error body if it is one; HTML pages, empty and malformed bodies give null. */
export function readErrorBody(text: string): KashflowErrorBody | null {
  if (!text.trim().startsWith("{")) return null;
  try {
    const parsed = cleanJson(JSON.parse(text) as unknown).value;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    const o = parsed as Record<string, unknown>;
    const pick = (k: string) => {
      const v = o[k] ?? o[k.toLowerCase()];
      return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
    };
    return { Message: pick("Message"), Error: pick("Error") };
  } catch {
    return null;
  }
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/** Maps a non-2xx answer to an AppError. */
export function errorFromResponse(ctx: RequestContext, status: number, bodyText: string, headers: Headers): AppError {
  const body = readErrorBody(bodyText);
  const reason = body?.Error;
  const detail = body?.Message?.trim();

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
    const wait =
      retryAfterMs !== undefined
        ? ` We will try again in about ${seconds(retryAfterMs)} seconds.`
        : " We will try again shortly.";
    return new AppError("RATE_LIMITED", `KashFlow is receiving too many requests for this account.${wait}`, {
      retryClass: "RATE_LIMITED",
      retryAfterMs,
      reason: reason ?? "TooManyRequests",
    });
  }

  if (status >= 500) {
    const kind = body
      ? ""
      : bodyText.trim().startsWith("<")
        ? ", an error page instead of data"
        : bodyText.trim()
          ? ", an unreadable answer"
          : "";
    return new AppError(
      "UPSTREAM",
      `KashFlow had a problem while ${what(ctx)} (HTTP ${status}${kind}). We will try again shortly.`,
      {
        retryClass: "TRANSIENT",
        retryAfterMs: parseRetryAfter(headers.get("retry-after")),
        reason: reason ?? `HTTP${status}`,
      },
    );
  }

  if (reason === SQL_TIMEOUT_REASON) {
    return new AppError("UPSTREAM", `KashFlow timed out while ${what(ctx)}. We will try again shortly.`, {
      retryClass: "TRANSIENT",
      reason,
    });
  }

  if (status === 401 || status === 403) {
    if (reason && CREDENTIAL_REASONS.has(reason)) return credentialError(reason);
    return new AppError(
      "PRECONDITION_FAILED",
      `KashFlow refused access while ${what(ctx)}. Check that API access is enabled for this KashFlow user, then connect again.`,
      {
        retryClass: "NEEDS_USER",
        reason: reason ?? `HTTP${status}`,
      },
    );
  }

  if (status === 400 && reason && CREDENTIAL_REASONS.has(reason)) return credentialError(reason);

  if (status === 404) {
    return new AppError("NOT_FOUND", `KashFlow could not find ${ctx.subject}.`, {
      retryClass: "BUG",
      reason: reason ?? "NotFound",
    });
  }

  if (status === 400 && ctx.method !== "GET") {
    // A refused write is KashFlow's business rule talking: the person can fix the data and try again.
    return new AppError(
      "BAD_REQUEST",
      `KashFlow did not accept ${ctx.subject}: ${detail || "the data was not valid"}${/[.!?]$/.test(detail ?? "") ? "" : "."} Correct it and try again.`,
      {
        retryClass: "NEEDS_USER",
        reason: reason ?? "BadRequest",
      },
    );
  }

  return new AppError(
    "INTERNAL",
    `Ledgerlink sent KashFlow a request it could not accept while ${what(ctx)} (HTTP ${status}${detail ? `: ${detail}` : ""}). Our team has been alerted.`,
    {
      retryClass: "BUG",
      reason: reason ?? `HTTP${status}`,
    },
  );
}

/** Network-level failures: resets, refused connections, DNS, our own timeout. */
export function networkError(ctx: RequestContext, error: unknown, timedOut: boolean): AppError {
  if (timedOut) {
    return new AppError("UPSTREAM", `KashFlow did not answer in time while ${what(ctx)}. We will try again shortly.`, {
      retryClass: "TRANSIENT",
      reason: "Timeout",
      cause: error,
    });
  }
  const code = errorCode(error);
  return new AppError(
    "UPSTREAM",
    `We could not reach KashFlow while ${what(ctx)}${code ? ` (${code})` : ""}. We will try again shortly.`,
    {
      retryClass: "TRANSIENT",
      reason: code ?? "NetworkError",
      cause: error,
    },
  );
}

const UNREACHABLE_BECAUSE: Record<string, string> = {
  Timeout: "it did not answer in time",
  ECONNREFUSED: "the connection was refused",
  ECONNRESET: "the connection was reset",
  UND_ERR_SOCKET: "the connection was closed",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  ENOTFOUND: "its address could not be found",
  EAI_AGAIN: "its address could not be looked up",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "its host could not be reached",
  ENETUNREACH: "the network could not be reached",
};

/** One sentence for a call that got no answer, as the connection's last failure shows it. */
export function unreachableSentence(
  ctx: Pick<RequestContext, "action" | "subject">,
  reason: string,
  origin: string,
): string {
  return `KashFlow (${origin}) could not be reached while ${what(ctx)}: ${UNREACHABLE_BECAUSE[reason] ?? `the network failed (${reason})`}.`;
}

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A 2xx whose body is not JSON (truncated, an HTML page from a proxy): transient. */
export function malformedResponse(ctx: RequestContext, status: number, cause?: unknown): AppError {
  return new AppError(
    "UPSTREAM",
    `KashFlow sent an unreadable answer while ${what(ctx)} (HTTP ${status}). We will try again shortly.`,
    {
      retryClass: "TRANSIENT",
      reason: "MalformedResponse",
      cause,
    },
  );
}

/** A payload that does not match what we expect: our schema or KashFlow changed, a developer must look. */
export function schemaError(
  ctx: Pick<RequestContext, "action" | "subject">,
  error: z.ZodError,
  label?: string,
): AppError {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "(payload)";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = Object.entries(fieldErrors)[0];
  const where = first ? ` Field ${first[0]}: ${first[1][0]}.` : "";
  return new AppError(
    "INTERNAL",
    `KashFlow sent ${label ?? "data"} we could not read while ${what(ctx)}.${where} Our team has been alerted.`,
    {
      retryClass: "BUG",
      reason: "UnexpectedPayload",
      fieldErrors,
      cause: error,
    },
  );
}
