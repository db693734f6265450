// Going live, as a new customer would: both systems connected and nothing written to Sage 100; the set-up checklist;
// the first-sync preview with its holds fixed from their links until one is left (a bill dated in a closed Sage 100
// period); Start syncing; Sage 100 refuses the bill's period, the owner is emailed at once with a link that opens the
// record; the fix one click away (move documents out of closed periods); the bill posts and the notification resolves.
import { expect, test, type Page } from "@playwright/test";
import { freshCompany, kashflowSandboxAccount, linkFromOutbox, simulators, sql } from "./helpers";

const companyIdOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const PURCHASES = "purchases.kashflow_to_sage100";
/** In the sandbox Sage 100 only period 2025-01 is closed (its G/L current period is 2025-02). */
const CLOSED_PERIOD_DAY = "2025-01-15";

/** The company's own KashFlow sandbox account, spoken to as its bookkeeper would (an API session from the admin API). */
async function kashflowBooks(accountId: string) {
  const env = await simulators();
  const session = await fetch(`${env.KASHFLOW_SANDBOX_URL}/admin/accounts/${accountId}/sessions`, {
    method: "POST",
    headers: { "x-admin-key": env.KASHFLOW_SANDBOX_ADMIN_KEY! },
  });
  const { SessionToken } = (await session.json()) as { SessionToken: string };
  return async (path: string, body: unknown) => {
    const res = await fetch(`${env.KASHFLOW_SANDBOX_URL}/v2${path}`, {
      method: "POST",
      headers: { authorization: `KfToken ${SessionToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`KashFlow POST ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
}

/** What a person maps a key to in the sandbox Sage 100 (its seeded chart and tax classes). */
const sageValueFor = (kind: string, key: string) =>
  kind === "vat_to_tax_class" ? (key === "EXEMPT" || Number(key) === 0 ? "NT" : "TX") : "6000-00";

const previewsDone = async (companyId: string) =>
  (
    (await sql(`SELECT count(*)::int AS n FROM "PreviewRun" WHERE "companyId" = $1 AND status = 'DONE'`, [
      companyId,
    ])) as { n: number }[]
  )[0]!.n;

/** Runs the preview, waits for it to finish (the page refreshes itself meanwhile); returns the purchases flow's card. */
async function preview(page: Page, companyHref: string) {
  const companyId = companyHref.split("/").pop()!;
  const before = await previewsDone(companyId);
  await page.goto(`${companyHref}/setup/preview`);
  await page.getByTestId("preview-refresh").click();
  await expect.poll(() => previewsDone(companyId), { timeout: 120_000, intervals: [1_000] }).toBeGreaterThan(before);
  await page.reload();
  await expect(page.getByTestId("preview-progress")).toHaveCount(0);
  await expect(page.getByTestId("preview-result")).toBeVisible();
  return page.getByTestId(`preview-flow-${PURCHASES}`);
}

test("a new company goes live only when a person says so; a refused posting is emailed, fixed from its link, and resolves", async ({
  page,
}) => {
  test.setTimeout(600_000);
  await freshCompany(page, "GoLive");
  const companyHref = new URL(page.url()).pathname;
  const companyId = companyIdOf(page.url());

  // KashFlow: the company's own (empty) books, with one supplier and a legal bill dated in Sage 100's closed period.
  const account = await kashflowSandboxAccount("GoLive Books Ltd");
  await page.getByRole("button", { name: "Use username and password" }).click();
  await page.getByLabel("KashFlow username").fill(account.UserName);
  await page.getByLabel("KashFlow password").fill(account.Password);
  await page.getByLabel("Memorable word").fill(account.MemorableWord);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByTestId("kashflow-account")).toHaveText("GoLive Books Ltd");
  const post = await kashflowBooks(account.AccountId);
  await post("/suppliers", { Code: "LAW01", Name: "Lawson Solicitors" });
  const bill = await post("/purchases", {
    SupplierCode: "LAW01",
    SupplierReference: "LS-2025-01",
    IssuedDate: `${CLOSED_PERIOD_DAY} 12:00:00`,
    DueDate: `${CLOSED_PERIOD_DAY} 12:00:00`,
    LineItems: [{ Description: "Lease review", Quantity: 1, Rate: 480, VATLevel: 0, NominalCode: 7600 }],
  });

  // Sage 100: the sandbox agent comes online.
  const sage = page.getByTestId("sage100-card");
  await sage.getByRole("button", { name: "Try with a sandbox" }).click();
  await expect(sage.getByTestId("sage100-online")).toHaveText("Online", { timeout: 30_000 });

  // Both connected, and nothing is written: the company is setting up, with its checklist.
  await page.reload();
  await expect(page.getByText("Setting up", { exact: true }).first()).toBeVisible();
  const checklist = page.getByTestId("setup-checklist");
  await expect(checklist.getByTestId("setup-line-kashflow")).toHaveAttribute("data-state", "done");
  await expect(page.getByTestId("start-syncing")).toBeDisabled();

  // The checklist, line by line: the first carried day, the flows, the settings.
  await page.locator("#first-carried-day").fill("2025-01-01");
  await page.getByTestId("first-carried-day-form").getByRole("button").click();
  await expect(checklist.getByTestId("setup-line-startDate")).toHaveAttribute("data-state", "done");
  await page.goto(`${companyHref}/setup/flows`);
  await page.getByTestId("flow-choices-save").click();
  await page.goto(`${companyHref}/sync/settings`);
  await page.getByTestId("settings-reviewed").getByRole("button").click();
  await expect(page.getByTestId("settings-reviewed")).toContainText("Reviewed");

  // The preview, its holds fixed from their links as a person would, until only the closed period is left.
  let purchases = await preview(page, companyHref);
  for (let round = 0; ; round++) {
    expect(round, "holds fixed from the preview").toBeLessThan(6);
    const held = purchases.getByTestId("preview-held-group");
    await expect(held).toHaveCount(1);
    const text = (await held.textContent()) ?? "";
    if (/closed/i.test(text)) break;
    await held.getByTestId("hold-fix-link").click();
    await page.waitForURL(/\/sync\/(mappings|fx)\?/);
    if (new URL(page.url()).pathname.endsWith("/fx")) {
      await expect(page.getByTestId("fx-rate-form")).toBeVisible();
      await page.getByLabel("Rate").fill("1.2650");
      await page.getByRole("button", { name: "Save rate" }).click();
      await expect(page.getByTestId("fx-saved")).toBeVisible();
    } else {
      // The link names the mapping (kind and KashFlow key) and opens its form, prefilled.
      const url = new URL(page.url());
      const kind = url.searchParams.get("kind")!;
      const form = page.locator(`[data-testid="mapping-form"][data-kind="${kind}"]`);
      await expect(form).toBeVisible();
      await form.getByLabel(/Sage 100/).fill(sageValueFor(kind, url.searchParams.get("key")!));
      await form.getByRole("button", { name: "Save mapping" }).click();
      await expect(page.locator(`#map-${kind}`).getByTestId("mapping-saved")).toBeVisible();
    }
    purchases = await preview(page, companyHref);
  }
  // What going live would do: the supplier created in Sage 100; the bill held, Sage 100's period being closed.
  await expect(page.getByTestId("preview-flow-suppliers.kashflow_to_sage100").getByTestId("count-create")).toHaveText(
    /1$/,
  );
  await expect(purchases.getByTestId("count-held")).toHaveText(/1$/);
  await expect(purchases.getByTestId("preview-held-group").getByTestId("hold-fix-link")).toBeVisible();

  // Still nothing in Sage 100: every command the agent was given only read.
  const writes = (await sql(
    `SELECT count(*)::int AS n FROM "Sage100Command" WHERE "companyId" = $1 AND type NOT IN ('ping', 'findDocument', 'readChanges', 'readInvoicePayments', 'checkPostingDate', 'readReferenceLists')`,
    [companyId],
  )) as { n: number }[];
  expect(writes[0]!.n).toBe(0);

  // Start syncing (the owner), confirmed once more.
  await page.goto(companyHref);
  await page.getByTestId("start-syncing").click();
  await page.getByTestId("start-syncing-confirm").click();
  await expect(page.getByTestId("setup-live")).toContainText("Live since");

  // Sage 100 refuses the bill's period: the owner gets an email at once, with a link to the record.
  const owner = (await page.getByTestId("signed-in-as").textContent())!.match(/[\w.+-]+@[\w.-]+/)![0]!;
  let link = "";
  await expect(async () => {
    link = await linkFromOutbox(page, owner, `/sync/records/`);
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  await expect(
    page.locator(`[data-testid="outbox-email"][data-to="${owner}"]`).filter({ hasText: "closed" }).first(),
  ).toBeVisible();
  await page.goto(link);
  await expect(page.getByTestId("sync-record-status").first()).toHaveText("Held");
  await expect(page.getByText(/closed/).first()).toBeVisible();

  // The bell says so too.
  await expect(page.getByTestId("notification-unread-count")).toHaveText(/^[1-9]/);

  // The fix, one click from the record: move documents out of closed periods.
  await page.getByTestId("hold-fix-link").click();
  await page.locator("#redate-closed").check();
  await page.getByRole("button", { name: "Save sync settings" }).click();
  await expect(page.getByText("Sync settings saved")).toBeVisible();
  await page.goto(`${companyHref}/sync`);
  await page.getByRole("button", { name: "Sync now", exact: true }).click();
  await expect(async () => {
    const [rec] = (await sql(
      `SELECT status::text AS status FROM "SyncRecord" WHERE "companyId" = $1 AND system = 'KASHFLOW' AND model = 'purchase_invoice' AND "externalId" = $2`,
      [companyId, String(bill.Number)],
    )) as { status: string }[];
    expect(rec?.status).toBe("SYNCED");
  }).toPass({ timeout: 180_000, intervals: [3_000] });

  // The notification resolves itself.
  const slug = companyHref.split("/")[2]!;
  await expect(async () => {
    await page.goto(`/o/${slug}/notifications`);
    await expect(page.getByTestId("notification-item").filter({ hasText: "closed" }).first()).toHaveAttribute(
      "data-resolved",
      "true",
      { timeout: 1_000 },
    );
  }).toPass({ timeout: 120_000, intervals: [5_000] });
});
