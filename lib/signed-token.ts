// Self-contained signed tokens (HMAC-SHA256) for links that work without signing in, such as one-click unsubscribe:
// "<base64url JSON payload>.<base64url signature>", the signature bound to a purpose so one kind of token never
// passes for another, with an expiry inside the payload.
import { createHmac, timingSafeEqual } from "node:crypto";

export type TokenProblem = "garbled" | "forged" | "expired";
export type VerifiedToken = { ok: true; payload: Record<string, unknown> } | { ok: false; problem: TokenProblem };

function signature(secret: string, purpose: string, body: string): Buffer {
  const key = createHmac("sha256", secret).update(`ledgerlink:${purpose}`).digest();
  return createHmac("sha256", key).update(body).digest();
}

export function signToken(
  payload: Record<string, unknown>,
  o: { secret: string; purpose: string; expiresAt: Date },
): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor(o.expiresAt.getTime() / 1000) })).toString(
    "base64url",
  );
  return `${body}.${signature(o.secret, o.purpose, body).toString("base64url")}`;
}

/** Never throws: a token that does not parse is garbled, a wrong signature forged, a past expiry expired. */
export function verifyToken(token: string, o: { secret: string; purpose: string; now?: Date }): VerifiedToken {
  const match = /^([A-Za-z0-9_-]{2,4000})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!match) return { ok: false, problem: "garbled" };
  const [, body, sig] = match as unknown as [string, string, string];
  const given = Buffer.from(sig, "base64url");
  const expected = signature(o.secret, o.purpose, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: "forged" };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, problem: "garbled" };
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return { ok: false, problem: "garbled" };
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp !== "number") return { ok: false, problem: "garbled" };
  if (exp * 1000 <= (o.now ?? new Date()).getTime()) return { ok: false, problem: "expired" };
  return { ok: true, payload: payload as Record<string, unknown> };
}
