import { expect, test } from "@playwright/test";
import { freshEmail, signInWithMagicLink, sql } from "./helpers";

test("an expired session sends the user back to sign-in, and signing out ends the session", async ({ page }) => {
  const email = freshEmail("expiry");
  await signInWithMagicLink(page, email);
  await page.getByLabel("Organization name").fill("Expiry Test Ltd");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/o\/expiry-test-ltd/);

  await sql(
    `UPDATE "Session" SET expires = now() - interval '1 minute' WHERE "userId" = (SELECT id FROM "User" WHERE email = $1)`,
    [email],
  );
  await page.goto("/o/expiry-test-ltd/team");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fo%2Fexpiry-test-ltd/);

  // Signing in again returns to where the user was going.
  await signInWithMagicLink(page, email, "/o/expiry-test-ltd/team");
  await expect(page).toHaveURL(/\/o\/expiry-test-ltd\/team$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have been signed out.")).toBeVisible();
  expect(
    await sql(`SELECT 1 FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1 AND s.expires > now()`, [
      email,
    ]),
  ).toHaveLength(0);
  await page.goto("/o/expiry-test-ltd");
  await expect(page).toHaveURL(/\/sign-in/);
});
