// Only same-site paths may be redirect targets after sign-in (no open redirects).
export function safeRedirectPath(value: unknown, fallback = "/orgs"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
    return fallback;
  return value;
}
