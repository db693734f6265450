// In front of Auth.js's route handlers: what Auth.js would answer with a 500 (a callbackUrl it refuses, in the query
// or its cookie) is dropped first, NUL bytes are refused with a 400, and sign-in link requests take a rate-limit turn.
import { PayloadTooLarge, readBodyCapped } from "@/server/http/body-limit";
import { NextRequest } from "next/server";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { email as emailSchema } from "@/lib/schemas";
import { requestClientAddress } from "@/server/client-address";
import { takeSignInTurn } from "./sign-in-limits";

type AuthHandler = (request: NextRequest) => Promise<Response>;

const CALLBACK_COOKIE = /^(__Secure-)?authjs\.callback-url$/;
// An Auth.js form post is a few hundred bytes; anything near this is not one.
const MAX_FORM_BYTES = 16 * 1024;

/** A callbackUrl Auth.js may redirect to: a same-site path, or an absolute URL on this origin. */
export function acceptableCallbackUrl(value: string, origin: string): boolean {
  if (safeRedirectPath(value, "") !== "") return true;
  try {
    const url = new URL(value);
    return url.origin === origin && safeRedirectPath(url.pathname, "") !== "";
  } catch {
    return false;
  }
}

function plainText(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

function withoutBadCallbacks(request: NextRequest): { url: URL; headers: Headers } {
  const url = new URL(request.url);
  const callbackUrl = url.searchParams.get("callbackUrl");
  if (callbackUrl !== null && !acceptableCallbackUrl(callbackUrl, url.origin)) url.searchParams.delete("callbackUrl");
  const headers = new Headers(request.headers);
  const cookies = request.cookies
    .getAll()
    .filter((c) => !CALLBACK_COOKIE.test(c.name) || acceptableCallbackUrl(c.value, url.origin));
  if (cookies.length !== request.cookies.getAll().length) {
    if (cookies.length)
      headers.set("cookie", cookies.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join("; "));
    else headers.delete("cookie");
  }
  return { url, headers };
}

/** The body as text, or null once it passes `limit` bytes (declared or streamed: never held whole). */
async function boundedText(request: Request, limit: number): Promise<string | null> {
  try {
    return Buffer.from(await readBodyCapped(request, limit)).toString("utf8");
  } catch (error) {
    if (error instanceof PayloadTooLarge) return null;
    throw error;
  }
}

function emailOf(body: string, contentType: string | null): string | null {
  try {
    const fields: unknown = contentType?.includes("application/json")
      ? JSON.parse(body)
      : Object.fromEntries(new URLSearchParams(body));
    const value = (fields as { email?: unknown } | null)?.email;
    const parsed = emailSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function guardedAuthRoute(handler: AuthHandler): AuthHandler {
  return async (request) => {
    if (request.nextUrl.search.includes("%00") || request.nextUrl.pathname.includes("%00"))
      return plainText(400, "Bad request.");
    const { url, headers } = withoutBadCallbacks(request);
    if (request.method !== "POST") return handler(new NextRequest(url, { method: request.method, headers }));

    const body = await boundedText(request, MAX_FORM_BYTES);
    if (body === null) return plainText(413, "Request body too large.");
    if (body.includes("\0") || /%00/.test(body)) return plainText(400, "Bad request.");

    if (url.pathname.endsWith("/signin/email")) {
      const email = emailOf(body, request.headers.get("content-type"));
      // An invalid address goes on to Auth.js, which sends it back to the sign-in page; only a real mail counts.
      if (email && !(await takeSignInTurn({ email, clientAddress: requestClientAddress(request.headers) }))) {
        const notice = new URL("/sign-in", url.origin);
        notice.searchParams.set("notice", "link-sent");
        notice.searchParams.set("email", email);
        if (request.headers.has("x-auth-return-redirect")) return Response.json({ url: notice.toString() });
        return Response.redirect(notice, 303);
      }
    }
    return handler(new NextRequest(url, { method: "POST", headers, body }));
  };
}
