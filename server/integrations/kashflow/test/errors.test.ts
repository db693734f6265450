// The classification table: every KashFlow answer → AppError code, retry class and reason.
import { describe, expect, it } from "vitest";
import { errorFromResponse, networkError, parseRetryAfter, type RequestContext } from "../errors";
import { shouldRetry } from "../retry";

const read: RequestContext = {
  method: "GET",
  path: "/invoices/1",
  action: "reading",
  subject: "invoice 1",
  idempotent: true,
};
const create: RequestContext = {
  method: "POST",
  path: "/invoices",
  action: "saving",
  subject: "invoice 5",
  idempotent: false,
};
const json = (o: unknown) => JSON.stringify(o);
const classify = (ctx: RequestContext, status: number, body = "", headers: Record<string, string> = {}) => {
  const e = errorFromResponse(ctx, status, body, new Headers(headers));
  return { code: e.code, retryClass: e.retryClass, reason: e.reason, retryAfterMs: e.retryAfterMs };
};

describe("KashFlow error classification", () => {
  it.each([
    [
      "429 + Retry-After",
      read,
      429,
      json({ Error: "TooManyRequests", Message: "x" }),
      { "Retry-After": "7" },
      { code: "RATE_LIMITED", retryClass: "RATE_LIMITED", reason: "TooManyRequests", retryAfterMs: 7000 },
    ],
    [
      "500 JSON",
      read,
      500,
      json({ Error: "InternalServerError", Message: "x" }),
      {},
      { code: "UPSTREAM", retryClass: "TRANSIENT", reason: "InternalServerError" },
    ],
    [
      "502 HTML page",
      read,
      502,
      "<html><body>Bad Gateway</body></html>",
      {},
      { code: "UPSTREAM", retryClass: "TRANSIENT", reason: "HTTP502" },
    ],
    [
      "500 malformed JSON",
      read,
      500,
      '{"Message": ',
      {},
      { code: "UPSTREAM", retryClass: "TRANSIENT", reason: "HTTP500" },
    ],
    [
      "400 SQL timeout",
      read,
      400,
      json({ Error: "-2146232060", Message: "Execution Timeout Expired." }),
      {},
      { code: "UPSTREAM", retryClass: "TRANSIENT", reason: "-2146232060" },
    ],
    [
      "401 InvalidSessionToken",
      read,
      401,
      json({ Error: "InvalidSessionToken" }),
      {},
      { code: "PRECONDITION_FAILED", retryClass: "NEEDS_USER", reason: "InvalidSessionToken" },
    ],
    [
      "401 AccountLocked",
      read,
      401,
      json({ Error: "AccountLocked" }),
      {},
      { code: "PRECONDITION_FAILED", retryClass: "NEEDS_USER", reason: "AccountLocked" },
    ],
    [
      "400 InvalidCredentials",
      create,
      400,
      json({ Error: "InvalidCredentials" }),
      {},
      { code: "PRECONDITION_FAILED", retryClass: "NEEDS_USER", reason: "InvalidCredentials" },
    ],
    [
      "400 PasswordExpired",
      create,
      400,
      json({ Error: "PasswordExpired" }),
      {},
      { code: "PRECONDITION_FAILED", retryClass: "NEEDS_USER", reason: "PasswordExpired" },
    ],
    [
      "400 InvalidMemorableWord",
      create,
      400,
      json({ Error: "InvalidMemorableWord" }),
      {},
      { code: "PRECONDITION_FAILED", retryClass: "NEEDS_USER", reason: "InvalidMemorableWord" },
    ],
    [
      "400 on a write",
      create,
      400,
      json({ Error: "BadRequest", Message: "Customer 'X' was not found." }),
      {},
      { code: "BAD_REQUEST", retryClass: "NEEDS_USER", reason: "BadRequest" },
    ],
    [
      "400 on a read",
      read,
      400,
      json({ Error: "BadRequest", Message: "bad sortby" }),
      {},
      { code: "INTERNAL", retryClass: "BUG", reason: "BadRequest" },
    ],
    ["404 without a body", read, 404, "", {}, { code: "NOT_FOUND", retryClass: "BUG", reason: "NotFound" }],
    ["405", read, 405, "", {}, { code: "INTERNAL", retryClass: "BUG", reason: "HTTP405" }],
    ["403", read, 403, "", {}, { code: "PRECONDITION_FAILED", retryClass: "NEEDS_USER", reason: "HTTP403" }],
  ])("%s", (_name, ctx, status, body, headers, expected) => {
    expect(classify(ctx, status, body, headers)).toEqual({ retryAfterMs: undefined, ...expected });
  });

  it("messages are plain English and say what to do", () => {
    const e = errorFromResponse(
      create,
      400,
      json({ Error: "BadRequest", Message: "Customer 'X' was not found." }),
      new Headers(),
    );
    expect(e.message).toBe("KashFlow did not accept invoice 5: Customer 'X' was not found. Correct it and try again.");
    expect(errorFromResponse(read, 502, "<html/>", new Headers()).message).toBe(
      "KashFlow had a problem while reading invoice 1 (HTTP 502, an error page instead of data). We will try again shortly.",
    );
    expect(errorFromResponse(read, 404, "", new Headers()).message).toBe("KashFlow could not find invoice 1.");
  });

  it("network failures and timeouts are TRANSIENT", () => {
    const reset = networkError(
      read,
      Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } }),
      false,
    );
    expect(reset).toMatchObject({ code: "UPSTREAM", retryClass: "TRANSIENT", reason: "ECONNRESET" });
    expect(networkError(read, new DOMException("aborted", "TimeoutError"), true)).toMatchObject({
      retryClass: "TRANSIENT",
      reason: "Timeout",
    });
  });

  it("Retry-After in seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("what is retried: TRANSIENT when idempotent (or surely not applied), RATE_LIMITED within the wait cap, never NEEDS_USER or BUG", () => {
    const policy = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 10_000 };
    const e = (status: number, body = "", headers: Record<string, string> = {}, ctx = read) =>
      errorFromResponse(ctx, status, body, new Headers(headers));
    expect(shouldRetry(e(503), policy, { idempotent: true })).toBe(true);
    expect(shouldRetry(e(503), policy, { idempotent: false })).toBe(false);
    expect(shouldRetry(e(429, "", { "Retry-After": "5" }), policy, { idempotent: false })).toBe(true);
    expect(shouldRetry(e(429, "", { "Retry-After": "60" }), policy, { idempotent: true })).toBe(false);
    expect(shouldRetry(networkError(create, { code: "ECONNREFUSED" }, false), policy, { idempotent: false })).toBe(
      true,
    );
    expect(shouldRetry(e(401, json({ Error: "AccountLocked" })), policy, { idempotent: true })).toBe(false);
    expect(shouldRetry(e(400, json({ Error: "BadRequest" }), {}, create), policy, { idempotent: true })).toBe(false);
    expect(shouldRetry(e(404), policy, { idempotent: true })).toBe(false);
  });
});
