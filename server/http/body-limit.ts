// Request bodies are refused with 413 before they can cost memory: by the declared Content-Length at once, and while
// streaming (a chunked or lying client) as soon as the byte count passes the route's cap.
import { NextRequest } from "next/server";

/** Each route's cap, in bytes. Agent routes keep theirs in integrations/sage100/agent-limits.ts. */
export const BODY_LIMITS = {
  /** A tRPC batch of form inputs; the largest (mapping tables, FX rates) stay far below. */
  trpc: 1024 * 1024,
  /** Auth.js: an email address, a CSRF token, a callback URL. */
  auth: 64 * 1024,
  /** One-click unsubscribe: "List-Unsubscribe=One-Click" or the page's form. */
  unsubscribe: 16 * 1024,
  /** A Stripe webhook event: one object and its previous attributes, well under this. */
  stripeWebhook: 1024 * 1024,
  /** Inngest's calls carry a run's step results (its own limit is 32 MB a run). */
  inngest: 32 * 1024 * 1024,
} as const;

export class PayloadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${formatBytes(limit)}.`);
    this.name = "PayloadTooLarge";
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The declared length, when the client sent a valid one. */
function declaredLength(request: Request): number | null {
  const value = request.headers.get("content-length");
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/** The whole body, never holding more than `limit` bytes: throws PayloadTooLarge past it. */
export async function readBodyCapped(request: Request, limit: number): Promise<Uint8Array> {
  const declared = declaredLength(request);
  if (declared !== null && declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    throw new PayloadTooLarge(limit);
  }
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function payloadTooLargeResponse(limit: number): Response {
  // Connection: close — the rest of an oversize body is not worth reading off the socket.
  return Response.json(
    { error: { code: "PAYLOAD_TOO_LARGE", message: new PayloadTooLarge(limit).message } },
    { status: 413, headers: { "cache-control": "no-store", connection: "close" } },
  );
}

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a route handler: the body is read under the cap (413 past it) and handed on as a fresh request, so the
 * framework behind (tRPC, Auth.js, Inngest) never reads more than the cap.
 */
export function withBodyLimit<C extends unknown[]>(
  limit: number,
  handler: (request: NextRequest, ...rest: C) => Response | Promise<Response>,
): (request: Request, ...rest: C) => Promise<Response> {
  return async (request, ...rest) => {
    if (BODYLESS.has(request.method.toUpperCase()) || !request.body)
      return handler(request instanceof NextRequest ? request : new NextRequest(request), ...rest);
    let body: Uint8Array;
    try {
      body = await readBodyCapped(request, limit);
    } catch (error) {
      if (error instanceof PayloadTooLarge) return payloadTooLargeResponse(limit);
      // The client went away or sent a broken stream: nothing to answer but a refusal.
      return Response.json(
        { error: { code: "BAD_REQUEST", message: "The request body could not be read." } },
        { status: 400, headers: { "cache-control": "no-store" } },
      );
    }
    const capped = new NextRequest(request.url, {
      method: request.method,
      headers: request.headers,
      body: body as BodyInit,
      signal: request.signal,
    });
    return handler(capped, ...rest);
  };
}
