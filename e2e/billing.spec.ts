// Billing, as a new customer meets it: an organization on its free trial syncs one company; Start syncing on a second
// asks to upgrade; Checkout at the Stripe stand-in; back on the billing page the plan turns active; the Portal cancels
// it at period end; when the period ends, sync pauses for billing and the banner says why and who can fix it.
import { expect, test, type Page } from "@playwright/test";
import { freshEmail, signInWithMagicLink, simulators, sql } from "./helpers";

const companyIdOf = (path: string) => path.split("/").pop()!;

async function newCompany(page: Page, slug: string, name: string): Promise<string> {
  await page.goto(`/o/${slug}/companies/new`);
  await page.getByLabel("Company name").fill(name);
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByTestId("company-name")).toHaveText(name);
  return new URL(page.url()).pathname;
}

/** Both systems through their sandboxes, and the checklist's own lines done from the screens that do them. */
async function readyToStart(page: Page, companyHref: string): Promise<void> {
  await page.goto(companyHref);
  const kashflow = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "KashFlow", exact: true }) });
  await kashflow.getByRole("button", { name: "Try with a sandbox" }).click();
  await expect(page.getByTestId("kashflow-account")).toBeVisible({ timeout: 30_000 });
  const sage = page.getByTestId("sage100-card");
  await sage.getByRole("button", { name: "Try with a sandbox" }).click();
  await expect(sage.getByTestId("sage100-online")).toHaveText("Online", { timeout: 30_000 });
  await page.locator("#first-carried-day").fill("2026-01-01");
  await page.getByTestId("first-carried-day-form").getByRole("button").click();
  await expect(page.getByTestId("setup-line-startDate")).toHaveAttribute("data-state", "done");
  await page.goto(`${companyHref}/setup/flows`);
  await page.getByTestId("flow-choices-save").click();
  await page.goto(`${companyHref}/sync/settings`);
  await page.getByTestId("settings-reviewed").getByRole("button").click();
  await expect(page.getByTestId("settings-reviewed")).toContainText("Reviewed");
  // The first-sync preview is its own journey (go-live.spec.ts): here one has completed.
  await sql(
    `INSERT INTO "PreviewRun" (id, "companyId", status, result, "createdAt", "finishedAt") VALUES ($1, $2, 'DONE', '{"flows":[]}', now(), now())`,
    [`p${companyIdOf(companyHref).slice(1)}`, companyIdOf(companyHref)],
  );
  await page.goto(companyHref);
  await expect(page.getByTestId("start-syncing")).toBeEnabled();
}

test("trial → upgrade at Start syncing → Checkout → active → Portal cancel → paused for billing at period end", async ({
  page,
}) => {
  test.setTimeout(300_000);
  // A new organization, on its 14-day trial without a card; its first company syncs (the trial covers one pair).
  await signInWithMagicLink(page, freshEmail("billing-owner"));
  await page.getByLabel("Organization name").fill(`Billing Org ${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("No companies yet")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  const first = await newCompany(page, slug, "First Pair Ltd");
  // Going live through the checklist is its own journey (go-live.spec.ts): here the first company is already live.
  await sql(`UPDATE "Company" SET status = 'LIVE', "wentLiveAt" = now() WHERE id = $1`, [companyIdOf(first)]);

  await page.goto(`/o/${slug}`);
  const card = page.getByTestId("org-billing-card");
  await expect(card.getByTestId("billing-state")).toHaveAttribute("data-state", "trial");
  await expect(card.getByTestId("billing-sentence")).toContainText(/1[34] days left/);
  await expect(card.getByTestId("billing-pairs")).toHaveText("1 of 1 pair used");
  await expect(page.getByTestId("billing-banner")).toHaveCount(0);

  // Start syncing on a second company asks to upgrade: the trial's one pair is in use.
  const second = await newCompany(page, slug, "Second Pair Ltd");
  await readyToStart(page, second);
  await expect(page.getByTestId("start-syncing-plan-note")).toBeVisible();
  await page.getByTestId("start-syncing").click();
  const prompt = page.getByRole("alertdialog");
  await expect(prompt).toHaveAttribute("data-needs", "upgrade");
  await expect(prompt).toContainText("Upgrade to sync this company");
  await prompt.getByRole("link", { name: "Choose a plan" }).click();

  // The plans, monthly or yearly, priced per pair; Growth monthly opens Checkout at the stand-in.
  await expect(page).toHaveURL(new RegExp(`/o/${slug}/billing#plans$`));
  const picker = page.getByTestId("plan-picker");
  await picker.getByText("Yearly").click();
  await expect(picker.locator('[data-testid="plan-offer"][data-interval="year"]').first()).toBeVisible();
  await picker.getByText("Monthly").click();
  const growth = picker.locator('[data-testid="plan-offer"][data-plan="growth"][data-interval="month"]');
  await expect(growth.getByTestId("plan-price")).toHaveText(/per pair a month$/);
  await growth.getByRole("button", { name: /Choose Growth/ }).click();
  const stripe = await simulators();
  await page.waitForURL((url) => url.href.startsWith(stripe.STRIPE_API_URL!));
  await page.getByTestId("checkout-pay").click();

  // Back on the billing page: confirmed once Stripe's webhook has arrived.
  await page.waitForURL(new RegExp(`/o/${slug}/billing\\?checkout=success`));
  await expect(page.getByTestId("checkout-notice")).toBeVisible();
  await expect(page.getByTestId("checkout-notice")).toHaveAttribute("data-confirmed", "true", { timeout: 60_000 });
  await expect(page.getByTestId("billing-state")).toHaveAttribute("data-state", "active");
  await expect(page.getByTestId("billing-plan")).toHaveText("Growth, billed monthly");

  // Usable on a phone: the billing page does not scroll sideways at 390 px.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Growth pays per pair: Start syncing the second company now offers to add one pair, prorated, once confirmed.
  await page.goto(second);
  await page.getByTestId("start-syncing").click();
  const addPair = page.getByRole("alertdialog");
  await expect(addPair).toHaveAttribute("data-needs", "add-pair");
  await expect(addPair).toContainText(/This adds one pair to your plan \(.+ per pair a month, prorated\)/);
  await addPair.getByRole("button", { name: "Add a pair and start syncing" }).click();
  // Stripe's quantity first, then the company goes live and the page renders again.
  await expect(page.getByTestId("setup-live")).toContainText("Live since", { timeout: 30_000 });
  await page.goto(`/o/${slug}/billing`);
  await expect(page.getByTestId("billing-pairs")).toHaveText("2 of 2 pairs used");

  // The Portal: cancel at period end, back to the billing page, which says when it ends.
  await page.getByTestId("manage-billing").click();
  await page.waitForURL((url) => url.href.startsWith(stripe.STRIPE_API_URL!));
  await page.getByRole("button", { name: "Cancel plan" }).click();
  await page.getByRole("link", { name: "Return to Ledgerlink" }).click();
  await page.waitForURL(new RegExp(`/o/${slug}/billing`));
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("billing-sentence")).toContainText("Cancels at period end on", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // At period end: the stand-in's clock moves past it, the subscription ends, sync pauses for billing.
  await advanceStandinClock(stripe, 32);
  await expect(async () => {
    await page.goto(first);
    await expect(page.getByTestId("company-status")).toHaveAttribute("data-status", "PAUSED", { timeout: 1_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });
  await expect(page.getByTestId("company-status")).toContainText("billing");
  await expect(page.getByTestId("company-paused")).toContainText("It resumes by itself once the plan is paid.");
  const banner = page.getByTestId("billing-banner");
  await expect(banner).toContainText("Sync is paused for billing: the subscription was cancelled.");
  await banner.getByTestId("billing-banner-fix").click();
  await expect(page).toHaveURL(new RegExp(`/o/${slug}/billing$`));
  await expect(page.getByTestId("billing-state")).toHaveAttribute("data-state", "lapsed");
});

/** Moves the Stripe stand-in's clock (its admin control): renewals, period ends and their webhooks happen then. */
async function advanceStandinClock(stripe: Record<string, string>, days: number): Promise<void> {
  const res = await fetch(`${stripe.STRIPE_API_URL}/_standin/clock/advance`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-admin-key": stripe.STRIPE_STANDIN_ADMIN_KEY ?? "sandbox-admin" },
    body: JSON.stringify({ days }),
  });
  if (!res.ok) throw new Error(`stand-in clock: HTTP ${res.status} ${await res.text()}`);
}

test("only owners manage billing: an admin sees the plan read-only with the owners' names, an accountant is told whom to ask; the trial's last days show a banner", async ({
  page,
  browser,
}) => {
  const ownerEmail = freshEmail("billing-roles-owner");
  await signInWithMagicLink(page, ownerEmail);
  const orgName = `Roles Org ${Date.now().toString(36)}`;
  await page.getByLabel("Organization name").fill(orgName);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("No companies yet")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/o/${slug}/billing`);
  await expect(page.getByTestId("plan-picker")).toBeVisible();
  // Leaving Checkout without paying changes nothing, and says so.
  await page.getByRole("button", { name: "Choose Starter, monthly" }).click();
  await page.getByTestId("checkout-cancel").click();
  await expect(page.getByTestId("checkout-notice")).toHaveText(
    "Checkout was cancelled: nothing was charged and your plan is unchanged.",
  );
  await expect(page.getByTestId("billing-state")).toHaveAttribute("data-state", "trial");

  // Two teammates, an admin and an accountant (invitations are their own journey: here they are members already).
  const member = async (label: string, role: "ADMIN" | "ACCOUNTANT") => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const email = freshEmail(label);
    await signInWithMagicLink(p, email);
    await expect(p.getByLabel("Organization name")).toBeVisible();
    await sql(
      `INSERT INTO "Membership" (id, "orgId", "userId", role, "updatedAt") SELECT $1, o.id, u.id, $2::"Role", now() FROM "Organization" o, "User" u WHERE o.slug = $3 AND u.email = $4`,
      [`m${Date.now().toString(36)}${label.length}`, role, slug, email],
    );
    return p;
  };
  const admin = await member("billing-roles-admin", "ADMIN");
  await admin.goto(`/o/${slug}/billing`);
  await expect(admin.getByTestId("billing-state")).toHaveAttribute("data-state", "trial");
  await expect(admin.getByTestId("billing-read-only")).toHaveText(`Only an owner can change billing: ${ownerEmail}.`);
  await expect(admin.getByTestId("plan-picker")).toHaveCount(0);
  await expect(admin.getByTestId("manage-billing")).toHaveCount(0);

  const accountant = await member("billing-roles-accountant", "ACCOUNTANT");
  await accountant.goto(`/o/${slug}/billing`);
  await expect(accountant.getByTestId("billing-owner-only")).toContainText(
    `Only an owner can change billing: ${ownerEmail}.`,
  );
  await expect(accountant.getByTestId("billing-summary")).toHaveCount(0);
  await accountant.goto(`/o/${slug}`);
  await expect(accountant.getByTestId("org-billing-card")).toHaveCount(0);

  // The trial's last days: a banner on every page; the owner's leads to the plans, the admin's names the owner.
  await sql(
    `UPDATE "BillingAccount" SET "trialEndsAt" = now() + interval '47 hours' WHERE "orgId" = (SELECT id FROM "Organization" WHERE slug = $1)`,
    [slug],
  );
  await page.goto(`/o/${slug}/team`);
  const banner = page.getByTestId("billing-banner");
  await expect(banner).toContainText("The free trial ends in 2 days");
  await banner.getByRole("link", { name: "Choose a plan →" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${slug}/billing#plans$`));
  await admin.goto(`/o/${slug}/activity`);
  await expect(admin.getByTestId("billing-banner")).toContainText(`Only an owner can change billing: ${ownerEmail}.`);
  await expect(admin.getByTestId("billing-banner").getByRole("link")).toHaveCount(0);
  // Accountants are not told about the trial (billing is not theirs), only about sync paused for billing.
  await accountant.goto(`/o/${slug}`);
  await expect(accountant.getByTestId("billing-banner")).toHaveCount(0);
});
