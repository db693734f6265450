// proxy.ts as Next runs it before a page: the nonce it puts in the page's CSP is the one it hands Next for its
// scripts, and server action calls from elsewhere never reach the action.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

function nonceOf(policy: string | null): string | undefined {
  return /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
}

describe("proxy", () => {
  it("gives each page its own nonce, in the response's CSP and in the request Next renders", async () => {
    const first = await proxy(new NextRequest("http://localhost:3000/o/acme/companies/c1?tab=sync"));
    const second = await proxy(new NextRequest("http://localhost:3000/sign-in"));
    const nonce = nonceOf(first.headers.get("content-security-policy"));
    expect(nonce).toBeTruthy();
    expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonce);
    // NextResponse.next({ request: { headers } }) passes request headers on as x-middleware-request-*.
    expect(nonceOf(first.headers.get("x-middleware-request-content-security-policy"))).toBe(nonce);
    expect(first.headers.get("x-middleware-request-x-ledgerlink-path")).toBe("/o/acme/companies/c1?tab=sync");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses a cross-origin server action call with 403 and lets the page's own through", async () => {
    const call = (origin: string) =>
      proxy(
        new NextRequest("http://localhost:3000/sign-in", {
          method: "POST",
          headers: { host: "localhost:3000", origin, "next-action": "abc", "content-type": "text/plain" },
          body: '["$undefined"]',
        }),
      );
    const foreign = await call("https://evil.example");
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const own = await call("http://localhost:3000");
    expect(own.headers.get("x-middleware-next")).toBe("1");
  });

  it("drops a router-state header Next could not parse (the page renders in full instead of a 500) and keeps a valid one", async () => {
    const navigate = (state: string) =>
      proxy(
        new NextRequest("http://localhost:3000/sign-in", {
          headers: { rsc: "1", "next-router-state-tree": state },
        }),
      );
    const broken = await navigate("0");
    expect(broken.headers.get("x-middleware-next")).toBe("1");
    expect(broken.headers.get("x-middleware-request-next-router-state-tree")).toBeNull();
    const valid = encodeURIComponent(JSON.stringify(["", { children: ["sign-in", {}] }]));
    expect((await navigate(valid)).headers.get("x-middleware-request-next-router-state-tree")).toBe(valid);
  });
});
