import { expect, test } from "@playwright/test";
import { freshCompany, kashflowSandboxAccount } from "./helpers";

test("connect a company to KashFlow through KashFlow's sign-in, see it connected, disconnect", async ({ page }) => {
  await freshCompany(page, "Oauth");
  const account = await kashflowSandboxAccount("Brighton Trading Ltd");

  await page.getByRole("button", { name: "Connect with KashFlow" }).click();
  // KashFlow's (sandbox) sign-in and consent page.
  await page.getByLabel("Username").fill(account.UserName);
  await page.getByLabel("Password").fill(account.Password);
  await page.getByLabel("Memorable word").fill(account.MemorableWord);
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(page.getByTestId("kashflow-notice")).toHaveText("KashFlow is connected.");
  await expect(page.getByTestId("kashflow-account")).toHaveText("Brighton Trading Ltd");
  await expect(page.getByTestId("kashflow-connection").getByText("Connected", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("KashFlow answered: Brighton Trading Ltd")).toBeVisible();

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("button", { name: "Connect with KashFlow" })).toBeVisible();
  await expect(page.getByTestId("kashflow-connection")).toHaveCount(0);
});

test("cancelling KashFlow's sign-in connects nothing and says so", async ({ page }) => {
  await freshCompany(page, "Cancel");
  await page.getByRole("button", { name: "Connect with KashFlow" }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByTestId("kashflow-notice")).toContainText("cancelled");
  await expect(page.getByRole("button", { name: "Connect with KashFlow" })).toBeVisible();
});

test("a wrong memorable word is pointed out on the form; the right one connects", async ({ page }) => {
  await freshCompany(page, "Password");
  const account = await kashflowSandboxAccount("Hove Supplies Ltd");
  await page.getByRole("button", { name: "Use username and password" }).click();
  await page.getByLabel("KashFlow username").fill(account.UserName);
  await page.getByLabel("KashFlow password").fill(account.Password);
  await page.getByLabel("Memorable word").fill("qqqqqqqqqqqq");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.locator("#kf-memorable-error")).toBeVisible();
  await page.getByLabel("Memorable word").fill(account.MemorableWord);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByTestId("kashflow-account")).toHaveText("Hove Supplies Ltd");
});
