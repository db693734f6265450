// Before a workspace page renders: pass the requested path on, so a sign-in it redirects to comes back to the same
// page (an alert email's "open the record" link must land on the record, not the organization's home page).
import { NextResponse, type NextRequest } from "next/server";

export const REQUEST_PATH_HEADER = "x-ledgerlink-path";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/o/:path*", "/console/:path*"] };
