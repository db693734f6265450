import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { freshEmail, linkFromOutbox, signInWithMagicLink, sql } from "./helpers";

const companyIdOf = (url: string) => new URL(url).pathname.split("/").pop()!;

/** A time zone where it is between 08:00 and 22:00 now, so the digest is due at the next alerts tick. */
function zoneAfterEight(): string {
  const zones = [
    "Europe/London",
    "Asia/Tokyo",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Honolulu",
    "Pacific/Pago_Pago",
  ];
  const hourIn = (zone: string) =>
    Number(new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone: zone }).format(new Date()));
  return zones.find((z) => hourIn(z) >= 8 && hourIn(z) <= 22)!;
}

/** An owner signs up with an organization and a company, and invites the accountant; returns where they live. */
async function clientOrganization(page: Page, label: string, accountant: string) {
  const orgName = `${label} Books ${randomUUID().slice(0, 4)}`;
  await signInWithMagicLink(page, freshEmail(`${label}-owner`));
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("No companies yet")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("link", { name: "New company" }).click();
  await page.getByLabel("Company name").fill(`${label} Trading`);
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByTestId("company-name")).toHaveText(`${label} Trading`);
  const companyId = companyIdOf(page.url());
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Team" }).click();
  await page.getByLabel("Email", { exact: true }).fill(accountant);
  await page.getByLabel("Role", { exact: true }).selectOption("ACCOUNTANT");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId(`invitation-${accountant}`)).toBeVisible();
  const invite = new URL(await linkFromOutbox(page, accountant, "/invite/")).pathname;
  await page.goto(`/o/${slug}`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have been signed out.")).toBeVisible();
  return { orgName, slug, companyName: `${label} Trading`, companyId, invite };
}

/** The company went live and its last sync left two invoices held for a mapping (what the ledger would hold). */
async function liveWithHeldInvoices(companyId: string) {
  await sql(`UPDATE "Company" SET status = 'LIVE', "wentLiveAt" = now() WHERE id = $1`, [companyId]);
  const insert = `INSERT INTO "SyncRecord" (id, "companyId", system, model, "externalId", "contentHash", payload, status, attempts, "errorCode", "errorMessage", "errorField", "retryClass", "heldBy", "lastSeenAt", "updatedAt")
    VALUES ($1, $2, 'KASHFLOW', 'sales_invoice', $3, $4, '{}'::jsonb, 'HELD', 1, 'MAPPING_MISSING', 'Map KashFlow nominal 4000 to a Sage 100 G/L account.', 'mapping:nominal_to_gl:4000', 'NEEDS_USER', 'RULES', now(), now())`;
  for (const n of ["1001", "1002"])
    await sql(insert, [`c${randomUUID().replaceAll("-", "").slice(0, 24)}`, companyId, n, `h${n}`]);
}

test("an accountant in two client organizations gets one digest listing the problems of both", async ({ page }) => {
  test.setTimeout(300_000);
  const accountant = freshEmail("digest-accountant");
  const alder = await clientOrganization(page, "Alder", accountant);
  const birch = await clientOrganization(page, "Birch", accountant);

  // The accountant accepts both invitations.
  await signInWithMagicLink(page, accountant, alder.invite);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${alder.slug}$`));
  await page.goto(birch.invite);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${birch.slug}$`));

  await liveWithHeldInvoices(alder.companyId);
  await liveWithHeldInvoices(birch.companyId);

  // Their own choice: the digest at 08:00 in a zone where that time has passed today.
  await page.goto(`/o/${alder.slug}/notifications/settings`);
  await page.getByTestId("pref-timezone").selectOption(zoneAfterEight());
  await page.getByTestId("preferences-save").click();
  await expect(page.getByText("Notification settings saved")).toBeVisible();

  // The alerts tick (every minute) raises the problems and sends one digest covering both organizations.
  const digests = page
    .locator(`[data-testid="outbox-email"][data-to="${accountant}"]`)
    .filter({ hasText: "Ledgerlink daily digest:" });
  await expect(async () => {
    await page.goto(`/dev/outbox?to=${encodeURIComponent(accountant)}`);
    await expect(digests).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await expect(digests).toContainText("across 2 organizations");
  await digests.getByText("Show the email").click();
  const body = digests.getByTestId("outbox-body");
  for (const text of [alder.orgName, alder.companyName, birch.orgName, birch.companyName])
    await expect(body).toContainText(text);
  await expect(body).toContainText(/2 sales invoices are held/);

  // Its links open the place that fixes each problem, in the right organization.
  const link = digests
    .getByTestId("outbox-link")
    .filter({ hasText: `/o/${birch.slug}/companies/${birch.companyId}/sync/records` })
    .first();
  await page.goto((await link.getAttribute("href"))!);
  await expect(page).toHaveURL(new RegExp(`/o/${birch.slug}/companies/${birch.companyId}/sync/records`));

  // The bell counts the same problems in the app.
  await expect(page.getByTestId("notification-unread-count")).toHaveText(/^[1-9]/);
});
