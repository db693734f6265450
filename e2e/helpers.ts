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
