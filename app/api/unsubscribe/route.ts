// POST /api/unsubscribe?token=… — RFC 8058 one-click unsubscribe (the List-Unsubscribe header points here; mail
// clients POST "List-Unsubscribe=One-Click"), and the button of the /unsubscribe page. No sign-in: the signed token
// is the authority. A bad token answers 400, never 500.
import { BODY_LIMITS, PayloadTooLarge, payloadTooLargeResponse, readBodyCapped } from "@/server/http/body-limit";
import { readUnsubscribeToken, TOKEN_PROBLEMS, applyUnsubscribe } from "@/server/services/alerts/unsubscribe";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  let body = "";
  try {
    body = new TextDecoder().decode(await readBodyCapped(request, BODY_LIMITS.unsubscribe));
  } catch (error) {
    if (error instanceof PayloadTooLarge) return payloadTooLargeResponse(BODY_LIMITS.unsubscribe);
  }
  const fromPage = body.includes("from=page");
  const read = readUnsubscribeToken(token);
  if (!read.ok) {
    if (fromPage) return toPage(token);
    return Response.json({ ok: false, error: read.problem, message: TOKEN_PROBLEMS[read.problem] }, { status: 400 });
  }
  const state = await applyUnsubscribe(read.claim);
  if (fromPage) return toPage(token);
  return Response.json({ ok: true, unsubscribed: state ? state.what : null });
}

/** Some mail clients open the header's URL instead of POSTing: show the page, change nothing. */
export function GET(request: Request) {
  return toPage(new URL(request.url).searchParams.get("token"));
}

// A relative Location: right behind any proxy, whatever host the request came in on.
function toPage(token: string | null): Response {
  return new Response(null, {
    status: 303,
    headers: { location: `/unsubscribe?token=${encodeURIComponent(token ?? "")}`, "cache-control": "no-store" },
  });
}
