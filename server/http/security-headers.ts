// The security headers of every response, built in one place: proxy.ts sends them with each page (a fresh CSP nonce
// per request) and next.config.ts with every API route and static file (no scripts there: nothing may load).

export type HeaderContext = {
  /** APP_ENV: HSTS and upgrade-insecure-requests only in production (local runs are plain http). */
  appEnv: "development" | "test" | "production";
  /** `next dev`: React's dev tools and HMR need eval and a websocket. */
  devServer: boolean;
  /** Origins a form may post (or be redirected) to besides our own, e.g. Google's sign-in page. */
  formActionOrigins?: string[];
};

/** 128 random bits, base64: a page's scripts carry it and nothing injected can guess it. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** A page's policy: only scripts carrying this request's nonce (and what they load) run. */
export function pageContentSecurityPolicy(nonce: string, context: HeaderContext): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': Next's nonced bootstrap scripts load its chunks; host lists are ignored by modern browsers.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${context.devServer ? " 'unsafe-eval'" : ""}`,
    // React's style attributes and toasts' injected <style> carry no nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${context.devServer ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...(context.formActionOrigins ?? [])].join(" "),
    "frame-ancestors 'none'",
    ...(context.appEnv === "production" ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** API answers are data, never documents: nothing in them may load or run, nor be framed. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/** Everything but the CSP: the same on pages, API routes and static files. */
export function baseSecurityHeaders(context: Pick<HeaderContext, "appEnv">): Record<string, string> {
  return {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    ...(context.appEnv === "production" ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** The headers of one page response. */
export function pageSecurityHeaders(nonce: string, context: HeaderContext): Record<string, string> {
  return { ...baseSecurityHeaders(context), "content-security-policy": pageContentSecurityPolicy(nonce, context) };
}

/** The headers of every API and static-file response. */
export function apiSecurityHeaders(context: Pick<HeaderContext, "appEnv">): Record<string, string> {
  return { ...baseSecurityHeaders(context), "content-security-policy": API_CONTENT_SECURITY_POLICY };
}
