import { expect, test } from "@playwright/test";
import { freshEmail, linkFromOutbox, signInWithMagicLink } from "./helpers";

test("sign up, create an org and a company, invite a teammate who joins; an outsider gets not-found", async ({
  page,
  browser,
}) => {
  const founder = freshEmail("founder");
  const teammate = freshEmail("teammate");
  const outsider = freshEmail("outsider");

  // Sign up with a fresh email: the magic link from the outbox creates the account, then onboarding asks for an org.
  await signInWithMagicLink(page, founder);
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByLabel("Organization name").fill("Founders Books Ltd");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/o\/founders-books-ltd/);
  await expect(page.getByText("No companies yet")).toBeVisible();

  // Create a company.
  await page.getByRole("link", { name: "New company" }).click();
  await page.getByLabel("Company name").fill("Acme Trading UK");
  await page.getByLabel("Time zone").selectOption("Europe/London");
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByTestId("company-name")).toHaveText("Acme Trading UK");
  const companyUrl = page.url();

  // Invite a teammate as accountant.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Team" }).click();
  await page.getByLabel("Email", { exact: true }).fill(teammate);
  await page.getByLabel("Role", { exact: true }).selectOption("ACCOUNTANT");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId(`invitation-${teammate}`)).toBeVisible();
  const inviteLink = await linkFromOutbox(page, teammate, "/invite/");
  await page.goto("/o/founders-books-ltd");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have been signed out.")).toBeVisible();

  // The teammate follows the invitation, signs in on the way, accepts, and sees the company.
  const invitePath = new URL(inviteLink).pathname;
  await page.goto(invitePath);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signInWithMagicLink(page, teammate, invitePath);
  await expect(page.getByRole("heading", { name: "Join Founders Books Ltd" })).toBeVisible();
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/o\/founders-books-ltd$/);
  await expect(page.getByRole("list", { name: "Companies" }).getByText("Acme Trading UK")).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toContainText("Accountant");

  // An outsider with an organization of their own gets a not-found page for the company's URL.
  const other = await browser.newContext();
  const outsiderPage = await other.newPage();
  await signInWithMagicLink(outsiderPage, outsider);
  await outsiderPage.getByLabel("Organization name").fill("Elsewhere Ltd");
  await outsiderPage.getByRole("button", { name: "Create organization" }).click();
  await expect(outsiderPage).toHaveURL(/\/o\/elsewhere-ltd/);
  const response = await outsiderPage.goto(companyUrl);
  expect(response?.status()).toBe(404);
  await expect(outsiderPage.getByTestId("not-found")).toBeVisible();
  await expect(outsiderPage.getByText("Acme Trading UK")).toHaveCount(0);
  await other.close();
});
