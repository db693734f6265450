import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { freshCompany, sql } from "./helpers";

const companyIdOf = (url: string) => new URL(url).pathname.split("/").pop()!;

/** Both systems connected through their sandboxes, from the company page, as a person would. */
async function connectSandboxPair(page: Page): Promise<void> {
  const kashflow = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "KashFlow", exact: true }) });
  await kashflow.getByRole("button", { name: "Try with a sandbox" }).click();
  await expect(page.getByTestId("kashflow-account")).toBeVisible({ timeout: 30_000 });
  const sage = page.getByTestId("sage100-card");
  await sage.getByRole("button", { name: "Try with a sandbox" }).click();
  await expect(sage.getByTestId("sage100-online")).toHaveText("Online", { timeout: 30_000 });
}

test("Sync now on the sandbox pair, then find a customer in the records view and open its timeline", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await freshCompany(page, "Syncing");
  await connectSandboxPair(page);
  // Going live through the checklist is its own journey (go-live.spec.ts); here the company is already live.
  await sql(`UPDATE "Company" SET "status" = 'LIVE', "wentLiveAt" = now() WHERE "id" = $1`, [companyIdOf(page.url())]);
  await page.reload();

  await page.getByRole("link", { name: "Open sync" }).click();
  await expect(page.getByRole("heading", { name: "Sync", exact: true })).toBeVisible();
  await expect(page.getByTestId("sync-not-ready")).toHaveCount(0);
  // The master-data flows are listed, each with its direction.
  const flows = page.getByTestId("sync-flows");
  await expect(flows).toBeVisible();
  await expect(flows.getByTestId("sync-flow").filter({ hasText: "KashFlow → Sage 100" }).first()).toBeVisible();

  await page.getByRole("button", { name: "Sync now", exact: true }).click();
  await expect(page.getByText(/Sync requested/)).toBeVisible();

  // The in-process runner picks the request up; the dashboard refreshes itself while flows run.
  const customers = flows
    .getByTestId("sync-flow")
    .filter({ hasText: /Customers/ })
    .filter({ hasText: "KashFlow → Sage 100" });
  // (The runner may already have run once when both systems connected; then this run finds them unchanged.)
  await expect(customers.getByTestId("sync-flow-status")).toHaveText("OK", { timeout: 120_000 });
  await expect(customers.getByTestId("sync-flow-counts")).toBeVisible();

  // Records view: KashFlow customers carried across, then one found by its name.
  await page.getByRole("link", { name: "Records", exact: true }).first().click();
  await page.getByLabel("Model").selectOption("customer");
  await page.getByLabel("System").selectOption("KASHFLOW");
  await page.getByLabel("Status").selectOption("SYNCED");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const rows = page.getByTestId("sync-record-row");
  await expect(async () => {
    await page.reload();
    await expect(rows.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  const name = (await rows.first().getByRole("link").textContent())!.trim();
  await page.getByLabel("Search", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(rows.filter({ hasText: name }).first()).toBeVisible();
  await rows.filter({ hasText: name }).first().getByRole("link", { name }).click();

  // Its page: status, counterpart in Sage 100, and the timeline with what was sent and what came back.
  await expect(page.getByTestId("sync-record-title")).toHaveText(name);
  await expect(page.getByTestId("sync-record-status").first()).toHaveText("Synced");
  await expect(page.getByTestId("sync-counterpart")).toHaveText(/\S/);
  await expect(page.getByTestId("sync-payload")).toContainText(name);
  const timeline = page.getByTestId("sync-timeline");
  const attempt = timeline.getByTestId("sync-attempt").first();
  await expect(attempt).toHaveAttribute("data-outcome", "SYNCED");
  await expect(attempt).toContainText(/Customers: (KashFlow → Sage 100|Sage 100 → KashFlow)/);
  await attempt.getByText("What was sent").click();
  await expect(attempt.getByTestId("sync-attempt-request").locator("pre")).toBeVisible();
  await attempt.getByText("What came back").click();
  await expect(attempt.getByTestId("sync-attempt-response").locator("pre")).toBeVisible();
});

/** Ledger rows written straight into the tables (the journey below needs no flow to have run). */
async function seedLedger(companyId: string) {
  const id = () => `c${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const held = id();
  const failed = id();
  const synced = id();
  const insert = `INSERT INTO "SyncRecord" (id, "companyId", system, model, "externalId", "contentHash", payload, status, "counterpartId", attempts, "errorCode", "errorMessage", "errorField", "retryClass", warnings, "lastSeenAt", "updatedAt")
    VALUES ($1, $2, $3::"SyncSystem", $4, $5, $6, $7::jsonb, $8::"SyncRecordStatus", $9, $10, $11, $12, $13, $14, $15::jsonb, now(), now())`;
  await sql(insert, [
    synced,
    companyId,
    "KASHFLOW",
    "customer",
    "CUST-OAK",
    "h1",
    JSON.stringify({ code: "CUST-OAK", name: "Oak Joinery Ltd" }),
    "SYNCED",
    "00-OAKJOIN",
    1,
    null,
    null,
    null,
    null,
    JSON.stringify([{ field: "billingAddress.lines.2", message: 'County "West Yorkshire" moved into address line 3' }]),
  ]);
  await sql(insert, [
    held,
    companyId,
    "KASHFLOW",
    "customer",
    "CUST-KES",
    "h2",
    JSON.stringify({ code: "CUST-KES", name: "Kestrel Cycles LLP" }),
    "HELD",
    null,
    1,
    "INVALID_RECORD",
    "The customer has an invalid billingAddress.postCode: is required.",
    "billingAddress.postCode",
    "NEEDS_USER",
    "[]",
  ]);
  await sql(insert, [
    failed,
    companyId,
    "KASHFLOW",
    "supplier",
    "SUP-CROWN",
    "h3",
    JSON.stringify({ code: "SUP-CROWN", name: "Crown Print Ltd" }),
    "DEAD",
    null,
    6,
    "UPSTREAM",
    "Sage 100 did not answer in time.",
    null,
    "TRANSIENT",
    "[]",
  ]);
  const attempt = `INSERT INTO "SyncAttempt" (id, "companyId", "recordId", flow, outcome, request, response, "errorCode", "errorMessage", "retryClass", "startedAt", "finishedAt")
    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, now() - interval '2 minutes', now() - interval '119 seconds')`;
  await sql(attempt, [
    id(),
    companyId,
    held,
    "customers.kashflow_to_sage100",
    "HELD",
    JSON.stringify({ code: "CUST-KES", name: "Kestrel Cycles LLP", billingAddress: { postCode: null } }),
    null,
    "INVALID_RECORD",
    "The customer has an invalid billingAddress.postCode: is required.",
    "NEEDS_USER",
  ]);
  await sql(attempt, [
    id(),
    companyId,
    synced,
    "customers.kashflow_to_sage100",
    "SYNCED",
    JSON.stringify({ CustomerName: "Oak Joinery Ltd", AddressLine3: "West Yorkshire" }),
    JSON.stringify({ ARDivisionNo: "00", CustomerNo: "OAKJOIN" }),
    null,
    null,
    null,
  ]);
  return { held, failed, synced };
}

test("records view over the ledger: filters from the dashboard totals, plain-English errors, the timeline, retry, settings", async ({
  page,
}) => {
  await freshCompany(page, "Ledger");
  const companyId = companyIdOf(page.url());
  await seedLedger(companyId);

  await page.getByRole("link", { name: "Open sync" }).click();
  await expect(page.getByTestId("sync-not-ready")).toContainText("KashFlow is not connected yet.");
  // Totals per status link into the records view, filtered.
  await expect(page.getByTestId("sync-total-HELD")).toContainText("1");
  await page.getByTestId("sync-total-HELD").click();
  await expect(page).toHaveURL(/\/sync\/records\?status=HELD$/);
  const rows = page.getByTestId("sync-record-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Kestrel Cycles LLP");
  await expect(rows.first().getByTestId("sync-error")).toHaveText(
    "billing address › post code: The customer has an invalid billingAddress.postCode: is required.",
  );

  // Text search finds a record by the Sage 100 key of its counterpart; the warning count shows.
  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Search", { exact: true }).fill("00-oakjoin");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("sync-warning-count")).toHaveText("1 warning");
  await rows.first().getByRole("link", { name: "Oak Joinery Ltd" }).click();
  await expect(page.getByTestId("sync-warnings")).toContainText('County "West Yorkshire" moved into address line 3');
  const attempt = page.getByTestId("sync-attempt").first();
  await attempt.getByText("What came back").click();
  await expect(attempt.getByTestId("sync-attempt-response")).toContainText('"CustomerNo": "OAKJOIN"');
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);

  // A held record: the reason with its field, and a retry that says plainly it will be held again.
  await page.getByRole("link", { name: "Records" }).click();
  await page.getByLabel("Search", { exact: true }).fill("kestrel");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await rows.first().getByRole("link", { name: "Kestrel Cycles LLP" }).click();
  await expect(page.getByTestId("sync-error").first()).toContainText("Field: billing address › post code");
  await expect(page.getByTestId("sync-attempt")).toHaveCount(1);
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("it will be held again");
    void dialog.accept();
  });
  await page.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByText(/Unless that is fixed in KashFlow .* it will be held again/)).toBeVisible();
  await expect(page.getByTestId("sync-record-status").first()).toHaveText("Waiting");
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);

  // "Retry all failed" for suppliers, from the dashboard.
  await page.getByRole("link", { name: "Sync", exact: true }).click();
  const suppliers = page.locator('[data-testid="sync-model-totals"][data-model="supplier"]');
  page.once("dialog", (dialog) => void dialog.accept());
  await suppliers.getByRole("button", { name: "Retry all failed" }).click();
  await expect(page.getByText("1 supplier queued again.")).toBeVisible();
  await expect(suppliers.getByRole("button", { name: "Retry all failed" })).toHaveCount(0);

  // Settings: a field-level error, then a save.
  await page.getByRole("main").getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByLabel("Check KashFlow every (minutes)").fill("0");
  await page.getByRole("button", { name: "Save sync settings" }).click();
  await expect(page.locator("#poll-minutes-error")).toHaveText("Use at least 1.");
  await page.getByLabel("Check KashFlow every (minutes)").fill("30");
  await page.getByLabel("UK county goes to").selectOption("drop");
  await page.getByLabel("Unapplied cash G/L account").fill("2310 00");
  await page.getByRole("button", { name: "Save sync settings" }).click();
  await expect(page.locator("#unapplied-cash-error")).toHaveText(
    "Use the account as Sage 100 shows it, such as 2100-00, or leave it empty.",
  );
  await page.getByLabel("Unapplied cash G/L account").fill("2310-00");
  await page.getByLabel("Sage 100 warehouses").fill("000, e1");
  await page.getByLabel("Move documents out of closed periods").check();
  await page.getByRole("button", { name: "Save sync settings" }).click();
  await expect(page.getByText("Sync settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Check KashFlow every (minutes)")).toHaveValue("30");
  await expect(page.getByLabel("UK county goes to")).toHaveValue("drop");
  await expect(page.getByLabel("Unapplied cash G/L account")).toHaveValue("2310-00");
  await expect(page.getByLabel("Sage 100 warehouses")).toHaveValue("000, E1");
  await expect(page.getByLabel("Move documents out of closed periods")).toBeChecked();
});
