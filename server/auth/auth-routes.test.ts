// /api/auth/* under hostile and repeated input: sign-in links limited per address and per client with a calm notice,
// few live links per address, hashed session tokens, and no malformed request answered with a 500.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { uniqueEmail } from "@/tests/factories";
import { sessionTokenHash } from "./adapter";
import { Browser, sentSignInLink, signInByLink } from "./testing/auth-client";

const address = () => `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;
const mailsTo = (email: string) => db.emailMessage.count({ where: { to: email, kind: "magic-link" } });

describe("sign-in links", () => {
  it("a person signs in from the link; the Session table holds a hash of the cookie's token, not the token", async () => {
    const email = uniqueEmail("link");
    const { browser } = await signInByLink(email, address());
    const token = browser.sessionToken!;
    expect(await db.session.count({ where: { sessionToken: token } })).toBe(0);
    expect(await db.session.count({ where: { sessionToken: sessionTokenHash(token) } })).toBe(1);
    const session = (await (await browser.get("/api/auth/session")).json()) as { user?: { email?: string } };
    expect(session.user?.email).toBe(email);
    // Signing out removes the row the hash points at.
    const csrfToken = await browser.csrfToken();
    await browser.post("/api/auth/signout", new URLSearchParams({ csrfToken }).toString());
    expect(await db.session.count({ where: { sessionToken: sessionTokenHash(token) } })).toBe(0);
  });

  it("100 requests for one address mail 3 links and leave at most 2 live; the rest get the calm notice", async () => {
    const email = uniqueEmail("flood");
    const browser = new Browser(address());
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 100; i++) {
      // From many clients at once: the address's own limit holds whatever the client.
      const response = await new Browser(`${browser.address}-${i % 7}`).requestLink(email);
      statuses.push(response.status === 303 ? (response.headers.get("location") ?? "") : response.status);
    }
    expect(statuses.filter((s) => s === 302)).toHaveLength(3);
    const notice = statuses.find((s) => typeof s === "string") as string;
    expect(new URL(notice).pathname).toBe("/sign-in");
    expect(new URL(notice).searchParams.get("notice")).toBe("link-sent");
    expect(await mailsTo(email)).toBe(3);
    expect(await db.verificationToken.count({ where: { identifier: email } })).toBeLessThanOrEqual(2);
    // The newest link still signs in.
    const link = new URL(await sentSignInLink(email));
    await browser.get(`${link.pathname}${link.search}`);
    expect(browser.sessionToken).toBeDefined();
  });

  it("one client asking for links to many addresses is limited too", async () => {
    const client = new Browser(address());
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await client.requestLink(uniqueEmail(`spray${i}`))).status);
    expect(statuses.slice(0, 30).every((s) => s === 302)).toBe(true);
    expect(statuses.slice(32).every((s) => s === 303)).toBe(true);
    // Another client is not affected.
    expect((await new Browser(address()).requestLink(uniqueEmail("other"))).status).toBe(302);
  });
});

describe("malformed requests to /api/auth", () => {
  it("hostile callbackUrls answer a safe redirect or a 4xx, never a 500 or a redirect off the site", async () => {
    const hostile = [
      "//evil.example",
      "javascript:alert(1)",
      "https://evil.example/x",
      "/\\evil.example",
      "%",
      "\u0001",
    ];
    for (const callbackUrl of hostile) {
      const browser = new Browser(address());
      const q = `callbackUrl=${encodeURIComponent(callbackUrl)}`;
      const csrfToken = await browser.csrfToken();
      const responses = [
        await browser.get(`/api/auth/signin?${q}`),
        await browser.get(`/api/auth/session?${q}`),
        await browser.get(`/api/auth/providers?${q}`),
        await browser.post(
          `/api/auth/signin/email?${q}`,
          new URLSearchParams({ email: uniqueEmail("cb"), csrfToken }).toString(),
        ),
        await browser.post(
          "/api/auth/signin/email",
          new URLSearchParams({ email: uniqueEmail("cb"), csrfToken, callbackUrl }).toString(),
        ),
      ];
      browser.cookies.set("authjs.callback-url", encodeURIComponent(callbackUrl));
      responses.push(await browser.get("/api/auth/session"));
      responses.push(
        await browser.post(
          "/api/auth/signin/email",
          new URLSearchParams({ email: uniqueEmail("cb"), csrfToken }).toString(),
        ),
      );
      for (const response of responses) {
        expect(response.status, `${callbackUrl} → ${response.status}`).toBeLessThan(500);
        const location = response.headers.get("location");
        if (location) expect(new URL(location, "http://localhost:3000").origin).toBe("http://localhost:3000");
      }
    }
  });

  it("bad JSON, a bad CSRF token, an unknown provider, a huge or NUL-bearing email: 3xx or 4xx, and no email sent", async () => {
    const browser = new Browser(address());
    const csrfToken = await browser.csrfToken();
    const cases: Array<[string, string, string?]> = [
      ["/api/auth/signin/email", "{not json", "application/json"],
      ["/api/auth/signin/email", JSON.stringify({ email: ["a@b.c"], csrfToken }), "application/json"],
      ["/api/auth/signin/email", new URLSearchParams({ email: uniqueEmail("csrf"), csrfToken: "forged" }).toString()],
      ["/api/auth/signin/nope", new URLSearchParams({ email: uniqueEmail("nope"), csrfToken }).toString()],
      [
        "/api/auth/signin/email",
        new URLSearchParams({ email: `${"a".repeat(10_000)}@example.test`, csrfToken }).toString(),
      ],
      ["/api/auth/signin/email", new URLSearchParams({ email: "nul\u0000@example.test", csrfToken }).toString()],
      ["/api/auth/signin/email", new URLSearchParams({ csrfToken }).toString()],
      ["/api/auth/callback/email?token=x&email=a%00b%40example.test", ""],
      ["/api/auth/nonsense", ""],
    ];
    const before = await db.emailMessage.count();
    for (const [path, body, type] of cases) {
      const response = await browser.post(path, body, type);
      expect(response.status, `${path} ${body.slice(0, 40)} → ${response.status}`).toBeLessThan(500);
    }
    for (const path of [
      "/api/auth/callback/email?token=x&email=%00",
      "/api/auth/callback/email?token=x&email=a%40b.c",
      "/api/auth/nonsense",
      "/api/auth/signin/nope",
    ]) {
      const response = await browser.get(path);
      expect(response.status, `${path} → ${response.status}`).toBeLessThan(500);
    }
    expect((await browser.post("/api/auth/signin/email", "email=a%00b%40c.d")).status).toBe(400);
    expect((await browser.post("/api/auth/signin/email", `email=${"a".repeat(20_000)}`)).status).toBe(413);
    // Only the forged-CSRF address could have been mailed, and Auth.js refuses it before mailing.
    expect(await db.emailMessage.count()).toBe(before);
  });
});
