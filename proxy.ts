// Before every page renders: its security headers with a fresh CSP nonce (Next reads the nonce from the request's
// Content-Security-Policy header and puts it on its own scripts), and the requested path, so a sign-in a workspace
// page redirects to comes back to the same page (an alert email's "open the record" link must land on the record).
// Server action calls Next would answer with a 500 are refused here with a 4xx. API routes and static files get
// their headers from next.config.ts: a proxy reads a POST's whole body before the route can refuse it.
import { parseAndValidateFlightRouterState } from "next/dist/server/app-render/parse-and-validate-flight-router-state";
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { newNonce, pageSecurityHeaders } from "@/server/http/security-headers";
import { refuseServerAction } from "@/server/http/server-action-guard";

export const REQUEST_PATH_HEADER = "x-ledgerlink-path";

function isActionCall(request: NextRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  const type = request.headers.get("content-type") ?? "";
  // With JavaScript the call names its action in a header; without, the form posts multipart data to the page.
  return request.headers.has("next-action") || type.toLowerCase().startsWith("multipart/form-data");
}

/**
 * The router state a client-side navigation sends: Next answers 500 to one it cannot parse, so such a header goes
 * (the page renders in full instead). Checked with Next's own validator, so the two can never disagree.
 */
const ROUTER_STATE_HEADER = "next-router-state-tree";
function routerStateReadable(value: string): boolean {
  try {
    parseAndValidateFlightRouterState(value);
    return true;
  } catch {
    return false;
  }
}

export async function proxy(request: NextRequest) {
  const config = env();
  const nonce = newNonce();
  const security = pageSecurityHeaders(nonce, {
    appEnv: config.APP_ENV,
    devServer: process.env.NODE_ENV === "development",
    // Without JavaScript, the "Continue with Google" form's answer is a redirect to Google's sign-in page.
    formActionOrigins: config.AUTH_GOOGLE_ID ? ["https://accounts.google.com"] : [],
  });
  if (isActionCall(request)) {
    const refusal = await refuseServerAction({
      headers: request.headers,
      readText: () => request.text(),
      readForm: () => request.formData(),
    });
    if (refusal)
      return NextResponse.json(
        { error: { code: refusal.code, message: refusal.message } },
        { status: refusal.status, headers: { ...security, "cache-control": "no-store" } },
      );
  }
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", security["content-security-policy"] ?? "");
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const routerState = headers.get(ROUTER_STATE_HEADER);
  if (routerState !== null && !routerStateReadable(routerState)) headers.delete(ROUTER_STATE_HEADER);
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  return response;
}

// Everything but API routes and Next's static files.
export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"] };
