import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

export function freshEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

/** The newest link in the dev outbox for `email` whose URL contains `fragment`. */
export async function linkFromOutbox(page: Page, email: string, fragment: string): Promise<string> {
  await page.goto(`/dev/outbox?to=${encodeURIComponent(email)}`);
  const link = page.locator(`[data-testid="outbox-email"][data-to="${email}"] [data-testid="outbox-link"]`, { hasText: fragment }).first();
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
  const client = new pg.Client({ connectionString: readFileSync(".data/e2e/database-url", "utf8").trim() });
  await client.connect();
  try {
    return (await client.query(query, params)).rows;
  } finally {
    await client.end();
  }
}
