import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

/** Where scripts/e2e-server.ts leaves its database URL and simulator addresses for this port. */
const E2E_STATE_DIR = `.data/e2e-${process.env.E2E_PORT ?? 3100}`;

export function freshEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`.toLowerCase();
}

/** The newest link in the dev outbox for `email` whose URL contains `fragment`. */
export async function linkFromOutbox(page: Page, email: string, fragment: string): Promise<string> {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const link = page
    .locator(`[data-testid="outbox-email"][data-to="${email}"] [data-testid="outbox-link"]`, { hasText: fragment })
    .first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}

/** Signs in through the magic link the app records in the dev outbox. */
export async function signInWithMagicLink(page: Page, email: string, callbackPath?: string): Promise<void> {
  await page.goto(callbackPath ? `/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}` : "/sign-in");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const link = await linkFromOutbox(page, email, "/api/auth/callback/email");
  await page.goto(link);
}

/** SQL against the database the e2e server runs on (for set-ups no UI offers, like an aged session). */
export async function sql(query: string, params: unknown[] = []): Promise<unknown[]> {
  const { readFileSync } = await import("node:fs");
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: readFileSync(`${E2E_STATE_DIR}/database-url`, "utf8").trim() });
  await client.connect();
  try {
    return (await client.query(query, params)).rows;
  } finally {
    await client.end();
  }
}

/** The simulators the e2e server started (their URLs and admin keys). */
export async function simulators(): Promise<Record<string, string>> {
  const { readFileSync } = await import("node:fs");
  return JSON.parse(readFileSync(`${E2E_STATE_DIR}/simulators.json`, "utf8")) as Record<string, string>;
}

/** A new KashFlow sandbox account (its sign-in details) through the sandbox's admin API. */
export async function kashflowSandboxAccount(
  companyName: string,
): Promise<{ UserName: string; Password: string; MemorableWord: string; AccountId: string }> {
  const env = await simulators();
  const res = await fetch(`${env.KASHFLOW_SANDBOX_URL}/admin/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-admin-key": env.KASHFLOW_SANDBOX_ADMIN_KEY! },
    body: JSON.stringify({ CompanyName: companyName, DataSet: "empty" }),
  });
  if (!res.ok) throw new Error(`sandbox account: HTTP ${res.status}`);
  return (await res.json()) as { UserName: string; Password: string; MemorableWord: string; AccountId: string };
}

/** Signs up a fresh user with an organization and one company; returns the company page's URL. */
export async function freshCompany(page: Page, label: string): Promise<string> {
  await signInWithMagicLink(page, freshEmail(label));
  await page.getByLabel("Organization name").fill(`${label} Org ${randomUUID().slice(0, 4)}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("No companies yet")).toBeVisible();
  await page.getByRole("link", { name: "New company" }).click();
  await page.getByLabel("Company name").fill(`${label} Company`);
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByTestId("company-name")).toHaveText(`${label} Company`);
  return page.url();
}
