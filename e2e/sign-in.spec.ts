import { expect, test } from "@playwright/test";
import { freshEmail, linkFromOutbox, signInWithMagicLink } from "./helpers";

test("a malformed email gets a field error and nothing is sent", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address.");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a sign-in link works once; reusing it explains what happened", async ({ page, browser }) => {
  const email = freshEmail("reuse");
  await signInWithMagicLink(page, email);
  await expect(page).toHaveURL(/\/onboarding$/);
  const link = await linkFromOutbox(page, email, "/api/auth/callback/email");
  const fresh = await browser.newContext();
  const second = await fresh.newPage();
  await second.goto(link);
  await expect(second.getByRole("heading", { name: "This sign-in link no longer works" })).toBeVisible();
  await fresh.close();
});

test("the demo user signs in from the outbox and lands in the demo organization", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByTestId("demo-hint")).toContainText("demo@ledgerlink.local");
  await signInWithMagicLink(page, "demo@ledgerlink.local");
  await expect(page).toHaveURL(/\/orgs/);
  await page.getByRole("link", { name: /Demo Accounting/ }).click();
  await expect(page.getByRole("list", { name: "Companies" }).getByText("Acme Trading UK")).toBeVisible();
  // Accountants belong to several organizations: the switcher moves between them.
  await page.getByRole("button", { name: "Switch organization" }).click();
  await page.getByRole("option", { name: "Northwind Retail" }).click();
  await expect(page.getByRole("list", { name: "Companies" }).getByText("Northwind US")).toBeVisible();
});
