// The headers every page and API answer carry: what a browser is told it may load, frame, sniff and remember.
import { describe, expect, it } from "vitest";
import { apiSecurityHeaders, newNonce, pageContentSecurityPolicy, pageSecurityHeaders } from "./security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

describe("security headers", () => {
  it("let only scripts carrying this request's nonce run on a page, and forbid framing", () => {
    const policy = directives(pageContentSecurityPolicy("abc123", { appEnv: "production", devServer: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
    expect(pageContentSecurityPolicy("abc123", { appEnv: "production", devServer: false })).not.toContain(
      "unsafe-eval",
    );
  });

  it("allow eval and the HMR websocket only under the dev server, and plain http outside production", () => {
    const dev = directives(pageContentSecurityPolicy("n", { appEnv: "development", devServer: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("connect-src")).toContain("ws:");
    expect(dev.has("upgrade-insecure-requests")).toBe(false);
  });

  it("let a form reach Google's sign-in page only when asked to", () => {
    const policy = directives(
      pageContentSecurityPolicy("n", {
        appEnv: "test",
        devServer: false,
        formActionOrigins: ["https://accounts.google.com"],
      }),
    );
    expect(policy.get("form-action")).toBe("'self' https://accounts.google.com");
  });

  it("send HSTS in production only, and the same frame/sniff/referrer/permissions headers everywhere", () => {
    const prod = pageSecurityHeaders("n", { appEnv: "production", devServer: false });
    expect(prod["strict-transport-security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    const test = pageSecurityHeaders("n", { appEnv: "test", devServer: false });
    expect(test["strict-transport-security"]).toBeUndefined();
    for (const headers of [prod, test, apiSecurityHeaders({ appEnv: "test" })]) {
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"]).toContain("camera=()");
    }
  });

  it("let nothing load from an API answer", () => {
    const policy = directives(apiSecurityHeaders({ appEnv: "production" })["content-security-policy"] ?? "");
    expect(policy.get("default-src")).toBe("'none'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(apiSecurityHeaders({ appEnv: "production" })["strict-transport-security"]).toBeDefined();
  });

  it("make a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
