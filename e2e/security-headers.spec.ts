// Against the running app: every page and API answer carries the security headers, pages run under the CSP without
// a single violation, and hostile requests (oversize, TRACE, broken encoding, bad server action calls) get a 4xx.
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { signInWithMagicLink } from "./helpers";

function expectCommonHeaders(res: APIResponse) {
  const headers = res.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // The e2e server runs with APP_ENV=test: plain http, no HSTS.
  expect(headers["strict-transport-security"]).toBeUndefined();
}

/** Console errors and CSP violations a page reports while `run` uses it. */
async function violationsWhile(page: Page, run: () => Promise<void>): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text()))
      problems.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Refused to load: CSP violation of ${event.violatedDirective} by ${event.blockedURI}`),
    );
  });
  await run();
  return problems;
}

test("pages carry a CSP with a fresh nonce on Next's scripts, and the other security headers", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/sign-in", "/orgs", "/dev/outbox", "/no-such-page"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expectCommonHeaders(res);
    const policy = res.headers()["content-security-policy"] ?? "";
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(policy, path).toContain("object-src 'none'");
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce, path).toBeTruthy();
    nonces.add(nonce!);
    if (res.status() === 200) {
      const html = await res.text();
      expect(html).toContain(`nonce="${nonce}"`);
      expect(html).not.toMatch(/<script(?![^>]*nonce=)[^>]*>/); // no script tag without the nonce
    }
  }
  expect(nonces.size).toBe(4);
});

test("API routes carry the headers and a CSP that loads nothing", async ({ request }) => {
  const answers = [
    await request.get("/api/health"),
    await request.get("/api/auth/session"),
    await request.get("/api/auth/csrf"),
    await request.get("/api/trpc/org.listMine"),
    await request.get("/api/inngest"),
    await request.post("/api/agent/heartbeat", { data: {} }),
    await request.get("/api/no-such-route"),
  ];
  for (const res of answers) {
    expectCommonHeaders(res);
    expect(res.headers()["content-security-policy"], res.url()).toContain("default-src 'none'");
    expect(res.status(), res.url()).toBeLessThan(500);
  }
});

test("the sign-in page and a signed-in workspace render, styled and working, with no CSP violation", async ({
  page,
}) => {
  const problems = await violationsWhile(page, async () => {
    await page.goto("/sign-in");
    // Tailwind's stylesheet and the Geist font are applied.
    const button = page.getByRole("button", { name: "Email me a sign-in link" });
    await expect(button).toBeVisible();
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/geist/i);
    // Hydrated: signing in goes through the client-side form and the app's own scripts.
    await signInWithMagicLink(page, "demo@ledgerlink.local");
    await expect(page).toHaveURL(/\/orgs/);
    await page.getByRole("link", { name: /Demo Accounting/ }).click();
    await expect(page.getByRole("list", { name: "Companies" }).getByText("Acme Trading UK")).toBeVisible();
    await page.getByRole("list", { name: "Companies" }).getByText("Acme Trading UK").click();
    await page.waitForLoadState("networkidle");
  });
  expect(problems).toEqual([]);
  // The policy is enforced and the check above would see it: a foreign image is refused and reported.
  await page.evaluate(() => {
    const img = new Image();
    img.src = "https://evil.example/pixel.png";
    document.body.append(img);
  });
  await expect.poll(() => problems.filter((p) => p.includes("img-src")).length).toBeGreaterThan(0);
});

test("oversize bodies get 413 before they are read; ordinary ones still reach the handler whole", async ({
  request,
}) => {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = await request.post("/api/auth/signin/email", {
    form: { csrfToken, email: "capped-body@example.test" },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(302);
  // Auth.js read the email and the CSRF token from the body: the link is sent ("check your email").
  expect(signIn.headers().location).toMatch(/\/api\/auth\/verify-request|\/sign-in\/check-email/);

  const big = "x".repeat(2 * 1024 * 1024);
  for (const [path, type] of [
    ["/api/trpc/org.create", "application/json"],
    ["/api/auth/signin/email", "application/x-www-form-urlencoded"],
    ["/api/unsubscribe?token=x", "text/plain"],
  ] as const) {
    const res = await request.post(path, { headers: { "content-type": type }, data: big });
    expect(res.status(), path).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  }
});

test("hostile requests Next.js would answer with a 500 get a 4xx", async ({ request, baseURL }) => {
  expect((await request.fetch("/", { method: "TRACE" })).status()).toBe(405);
  expect((await request.fetch("/api/health", { method: "TRACE" })).status()).toBe(405);
  // A method a route does not export is Next's 405.
  for (const [method, path] of [
    ["PATCH", "/api/health"],
    ["DELETE", "/api/trpc/org.listMine"],
    ["PUT", "/api/agent/pair"],
  ] as const)
    expect((await request.fetch(path, { method })).status(), `${method} ${path}`).toBe(405);
  for (const path of ["/o/acme/companies/%E0%A4%A/sync", "/api/agent/commands/%ZZ/result", "/o/demo/companies/%00"])
    expect((await request.get(path)).status(), path).toBe(400);

  const nul = await request.get(
    `/api/trpc/company.get?input=${encodeURIComponent(JSON.stringify({ json: { companyId: "a\u0000b" } }))}`,
  );
  expect(nul.status()).toBe(400);

  const action = (headers: Record<string, string>, data: string) =>
    request.post("/sign-in", { headers: { "next-action": "00".repeat(21), ...headers }, data });
  expect((await action({ origin: "https://evil.example", "content-type": "text/plain" }, "[]")).status()).toBe(403);
  expect((await action({ origin: baseURL!, "content-type": "text/plain" }, "[{bad")).status()).toBe(400);
  expect(
    (
      await action({ origin: baseURL!, "content-type": "text/plain" }, `${"[".repeat(5000)}${"]".repeat(5000)}`)
    ).status(),
  ).toBe(400);
  expect((await action({ origin: baseURL!, "content-type": "application/json" }, "{}")).status()).toBe(400);

  const inngest = await request.post("/api/inngest", { data: {} });
  expect(inngest.status()).toBe(404);
  expect(await inngest.json()).toEqual({
    error: { code: "NOT_FOUND", message: "Inngest is not configured in this deployment." },
  });
});
