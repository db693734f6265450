// The money journey on the demo company (KashFlow sandbox ⇄ sandbox Sage 100): an invoice created in KashFlow is
// posted into Sage 100 (seen in the company page's Sage 100 inspection list, with its timeline), a payment recorded
// in KashFlow becomes a cash receipt in Sage 100, and the invoice is "Paid" in KashFlow. Missing mappings and rates
// are fixed the way a person would: from the held record's "fix it" link. And, over ledger rows written straight in,
// the mapping, FX rate and tie-out screens.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { freshCompany, signInWithMagicLink, simulators, sql } from "./helpers";

const stateDir = `.data/e2e-${process.env.E2E_PORT ?? 3100}`;
const companyIdOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const today = () => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// The KashFlow sandbox, spoken to as the company's bookkeeper would (its API, with a session from the admin API).

type Kashflow = {
  get: (path: string) => Promise<any>;
  send: (method: "POST" | "PUT", path: string, body: unknown) => Promise<any>;
};

async function kashflowFor(companyId: string): Promise<Kashflow> {
  const env = await simulators();
  const [row] = (await sql(`SELECT "sandboxAccountId" FROM "KashflowConnection" WHERE "companyId" = $1`, [
    companyId,
  ])) as { sandboxAccountId: string | null }[];
  if (!row?.sandboxAccountId) throw new Error("the demo company is not connected to a KashFlow sandbox account");
  const session = await fetch(`${env.KASHFLOW_SANDBOX_URL}/admin/accounts/${row.sandboxAccountId}/sessions`, {
    method: "POST",
    headers: { "x-admin-key": env.KASHFLOW_SANDBOX_ADMIN_KEY! },
  });
  if (!session.ok) throw new Error(`sandbox session: HTTP ${session.status}`);
  const { SessionToken } = (await session.json()) as { SessionToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${env.KASHFLOW_SANDBOX_URL}/v2${path}`, {
      method,
      headers: { authorization: `KfToken ${SessionToken}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`KashFlow ${method} ${path}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return { get: (path) => call("GET", path), send: (method, path, body) => call(method, path, body) };
}

const rows = (body: any): any[] => (Array.isArray(body) ? body : (body?.Data ?? body?.data ?? []));

// ---------------------------------------------------------------------------------------------------------------
// Sync helpers.

async function syncNow(page: Page, syncHref: string): Promise<void> {
  await page.goto(syncHref);
  await page.getByRole("button", { name: "Sync now", exact: true }).click();
  await expect(page.getByText(/Sync requested/)).toBeVisible();
}

/** What a person maps a key to in the sandbox Sage 100 (its seeded chart, tax classes and bank codes). */
function sageValueFor(kind: string, key: string): string {
  switch (kind) {
    case "nominal_to_gl":
      return key.startsWith("4")
        ? "4000-00"
        : key.startsWith("2")
          ? "2200-00"
          : key.startsWith("1")
            ? "1000-00"
            : "6000-00";
    case "vat_to_tax_class":
      return key === "EXEMPT" || Number(key) === 0 ? "NT" : "TX";
    case "payment_method_to_bank":
      return "A";
    default:
      return "1000-00";
  }
}

/**
 * Runs syncs until the ledger record of `externalId` is SYNCED. Whenever it is held for a missing mapping or rate,
 * its "fix it" link is followed and the form filled in, as a person would; other holds fail the test with the reason.
 */
async function syncUntilCarried(
  page: Page,
  o: { syncHref: string; companyId: string; model: string; externalId: string; label: string },
): Promise<string> {
  const deadline = Date.now() + 240_000;
  let lastRequest = 0;
  for (;;) {
    const [rec] = (await sql(
      `SELECT id, status::text AS status, "errorCode", "errorField", "errorMessage" FROM "SyncRecord" WHERE "companyId" = $1 AND system = 'KASHFLOW' AND model = $2 AND "externalId" = $3`,
      [o.companyId, o.model, o.externalId],
    )) as {
      id: string;
      status: string;
      errorCode: string | null;
      errorField: string | null;
      errorMessage: string | null;
    }[];
    if (rec?.status === "SYNCED") return rec.id;
    if (Date.now() > deadline)
      throw new Error(
        `${o.label} was not carried to Sage 100 in time (last: ${rec ? `${rec.status} ${rec.errorMessage ?? ""}` : "not seen yet"})`,
      );
    if (rec?.status === "HELD") {
      await page.goto(`${o.syncHref}/records/${rec.id}`);
      const fix = page.getByTestId("hold-fix-link");
      if ((await fix.count()) === 0) throw new Error(`${o.label} is held: ${rec.errorMessage}`);
      await fix.click();
      if (rec.errorCode === "FX_MISSING") {
        await expect(page.getByTestId("fx-rate-form")).toBeVisible();
        await page.getByLabel("Rate").fill("1.2712");
        await page.getByRole("button", { name: "Save rate" }).click();
        await expect(page.getByTestId("fx-saved")).toContainText(/released/);
      } else {
        const [, kind = "", key = ""] = /^mapping:([a-z_]+):(.+)$/.exec(rec.errorField ?? "") ?? [];
        const form = page.locator(`[data-testid="mapping-form"][data-kind="${kind}"]`);
        await expect(form).toBeVisible();
        await form.getByLabel(/Sage 100/).fill(sageValueFor(kind, key));
        await form.getByRole("button", { name: "Save mapping" }).click();
        await expect(page.locator(`#map-${kind}`).getByTestId("mapping-saved")).toContainText(
          /released and will go at the next run/,
        );
      }
      lastRequest = 0;
    }
    if (Date.now() - lastRequest > 20_000) {
      await syncNow(page, o.syncHref);
      lastRequest = Date.now();
    }
    await page.waitForTimeout(1_500);
  }
}

async function setUpDemo(request: APIRequestContext): Promise<string> {
  const token = readFileSync(`${stateDir}/demo-token`, "utf8");
  const res = await request.post("/api/dev/demo-setup", { headers: { "x-ledgerlink-demo-token": token } });
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { companyId: string };
  return body.companyId;
}

// ---------------------------------------------------------------------------------------------------------------

test("demo company: a KashFlow invoice posted into Sage 100 with its timeline; a payment becomes a cash receipt and the invoice is Paid in KashFlow", async ({
  page,
  request,
}) => {
  test.setTimeout(600_000);
  const companyId = await setUpDemo(request);
  await signInWithMagicLink(page, "demo@ledgerlink.local");
  const companyHref = `/o/demo/companies/${companyId}`;
  const syncHref = `${companyHref}/sync`;
  await page.goto(companyHref);
  await expect(page.getByTestId("sage100-card").getByText("Online", { exact: true })).toBeVisible({ timeout: 30_000 });

  // A live GBP customer the first sync carried into Sage 100 (archived ones are inactive there).
  const kashflow = await kashflowFor(companyId);
  let customerCode = "";
  await expect(async () => {
    const [row] = (await sql(
      `SELECT "externalId" FROM "SyncRecord" WHERE "companyId" = $1 AND system = 'KASHFLOW' AND model = 'customer' AND status = 'SYNCED' AND payload->>'isArchived' = 'false' AND payload->>'currency' = 'GBP' ORDER BY "externalId" LIMIT 1`,
      [companyId],
    )) as { externalId: string }[];
    if (!row) await syncNow(page, syncHref);
    expect(row?.externalId).toBeTruthy();
    customerCode = row!.externalId;
  }).toPass({ timeout: 180_000, intervals: [5_000] });

  // The invoice, created in KashFlow: GBP 250.00 + 20% VAT on the sales nominal.
  const created = await kashflow.send("POST", "/invoices", {
    CustomerCode: customerCode,
    IssuedDate: today(),
    DueDate: today(),
    CustomerReference: `E2E-${randomUUID().slice(0, 6)}`,
    LineItems: [{ Description: "Consulting (e2e journey)", Quantity: 2, Rate: 125, NominalCode: 4000, VATLevel: 20 }],
  });
  const number = String(created.Number);
  const invoiceRecordId = await syncUntilCarried(page, {
    syncHref,
    companyId,
    model: "sales_invoice",
    externalId: number,
    label: `KashFlow invoice ${number}`,
  });

  // Its timeline: the attempt that posted it, what was sent to Sage 100 and what came back.
  await page.goto(`${syncHref}/records/${invoiceRecordId}`);
  await expect(page.getByTestId("sync-record-status").first()).toHaveText("Synced");
  // Its Sage 100 number derives from KashFlow's (prefix + number), so a retry finds the document it made.
  const sageInvoiceNo = (await page.getByTestId("sync-counterpart").textContent())!.trim().split(":")[0]!;
  expect(sageInvoiceNo).toMatch(new RegExp(`^[A-Z]*0*${number}$`));
  const attempt = page
    .getByTestId("sync-timeline")
    .getByTestId("sync-attempt")
    .filter({ hasText: "Sales invoices" })
    .first();
  await expect(attempt).toHaveAttribute("data-outcome", "SYNCED");
  await attempt.getByText("What was sent").click();
  await expect(attempt.getByTestId("sync-attempt-request")).toContainText(`"invoiceNo": "${sageInvoiceNo}"`);

  // In Sage 100: the company page's inspection list of the sandbox Sage 100 shows the A/R invoice.
  await page.goto(companyHref);
  const sage = page.getByTestId("sage100-card");
  await sage.getByText(/In the sandbox Sage 100/).click();
  await sage.getByLabel("Find in the sandbox Sage 100").fill(sageInvoiceNo);
  const documents = sage.getByTestId("sage100-sandbox-documents");
  await expect(
    documents.locator("tr", { hasText: "A/R invoice" }).filter({ hasText: sageInvoiceNo }).first(),
  ).toBeVisible({ timeout: 30_000 });

  // A payment recorded in KashFlow for the whole amount.
  const invoice = await kashflow.get(`/invoices/${number}`);
  const due = Number(invoice.DueAmount ?? invoice.GrossAmount ?? invoice.TotalAmount);
  const [method] = rows(await kashflow.get("/paymentmethods/invoice"));
  const [account] = rows(await kashflow.get("/bankaccounts"));
  const reference = `PAY${number}`.slice(0, 10);
  // KashFlow's PUT takes the whole document: the invoice as it is, with one more payment line.
  await kashflow.send("PUT", `/invoices/${number}`, {
    ...invoice,
    PaymentLines: [
      ...(invoice.PaymentLines ?? []),
      { Date: today(), Amount: due, Method: method.Id, AccountId: account.Id, Reference: reference },
    ],
  });

  // Carried into Sage 100 as a cash receipt (mappings for the payment method and bank account fixed on the way).
  await expect(async () => {
    const [pay] = (await sql(
      `SELECT "externalId" FROM "SyncRecord" WHERE "companyId" = $1 AND system = 'KASHFLOW' AND model = 'payment' AND payload->'document'->>'number' = $2 LIMIT 1`,
      [companyId, number],
    )) as { externalId: string }[];
    if (!pay) await syncNow(page, syncHref);
    expect(pay).toBeTruthy();
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  // The payment's ledger record: one per KashFlow payment line ("invoice:<number>:<payment id>").
  const [payment] = (await sql(
    `SELECT "externalId" FROM "SyncRecord" WHERE "companyId" = $1 AND system = 'KASHFLOW' AND model = 'payment' AND payload->'document'->>'number' = $2 LIMIT 1`,
    [companyId, number],
  )) as { externalId: string }[];
  await syncUntilCarried(page, {
    syncHref,
    companyId,
    model: "payment",
    externalId: payment!.externalId,
    label: `the payment on invoice ${number}`,
  });
  await page.goto(companyHref);
  await sage.getByText(/In the sandbox Sage 100/).click();
  await sage.getByLabel("Find in the sandbox Sage 100").fill(sageInvoiceNo);
  await expect(
    documents.locator("tr", { hasText: "Cash receipt" }).filter({ hasText: sageInvoiceNo }).first(),
  ).toBeVisible({ timeout: 30_000 });

  // "Paid" back in KashFlow.
  await expect(async () => {
    const after = await kashflow.get(`/invoices/${number}`);
    expect(
      `${String(after.Status)} ${JSON.stringify({ due: after.DueAmount, paid: after.TotalPaidAmount, lines: after.PaymentLines })}`,
    ).toMatch(/^paid /i);
  }).toPass({ timeout: 60_000 });

  // The day's tie-out, recomputed now: the invoice and its receipt are in both systems for the same dollars
  // (other demo documents of the day may still be held for mappings nobody added, and are listed if so).
  await page.goto(`${syncHref}/tie-out/${today()}`);
  await page.getByRole("button", { name: "Recompute" }).click();
  await expect(page.getByText(new RegExp(`^${today()}(:| ties out)`))).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-testid="tie-out-kind"][data-kind="sales_invoices"]')).toBeVisible();
  await expect(page.locator('[data-testid="tie-out-kind"][data-kind="payments"]')).toBeVisible();
  await expect(page.locator(`[data-testid="tie-out-variance-row"][data-kashflow-id="${number}"]`)).toHaveCount(0);
  await expect(
    page.locator(`[data-testid="tie-out-variance-row"][data-kashflow-id="${payment!.externalId}"]`),
  ).toHaveCount(0);
  await page.goto(syncHref);
  await expect(page.getByTestId("tie-out-card").getByTestId("tie-out-day").first()).toBeVisible();
});

// ---------------------------------------------------------------------------------------------------------------

/** Ledger rows written straight in: two held invoices (a missing mapping, a missing rate) and a tie-out day. */
async function seedHolds(companyId: string) {
  const id = () => `c${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const mapping = id();
  const fx = id();
  const insert = `INSERT INTO "SyncRecord" (id, "companyId", system, model, "externalId", "contentHash", payload, status, attempts, "errorCode", "errorMessage", "errorField", "retryClass", "lastSeenAt", "updatedAt")
    VALUES ($1, $2, 'KASHFLOW', 'sales_invoice', $3, $4, $5::jsonb, 'HELD', 1, $6, $7, $8, 'NEEDS_USER', now(), now())`;
  await sql(insert, [
    mapping,
    companyId,
    "9101",
    "h1",
    JSON.stringify({ number: "9101", issueDate: "2026-11-20", customerName: "Oak Joinery Ltd" }),
    "MAPPING_MISSING",
    "Map KashFlow nominal 4000 to a Sage 100 G/L account.",
    "mapping:nominal_to_gl:4000",
  ]);
  await sql(insert, [
    fx,
    companyId,
    "9102",
    "h2",
    JSON.stringify({ number: "9102", issueDate: "2026-11-20", customerName: "Harbour Bistro SARL" }),
    "FX_MISSING",
    "Enter the EUR→USD rate for 20 Nov 2026.",
    "fx:EUR:USD:2026-11-20",
  ]);
  const variance = {
    recordId: fx,
    kashflowId: "9102",
    number: "9102",
    party: "Harbour Bistro SARL",
    documentCurrency: "EUR",
    documentMinor: 10000,
    rate: null,
    rateSource: null,
    kashflowMinor: 0,
    sage100RecordId: null,
    sage100Key: null,
    sage100Minor: 0,
    varianceMinor: 0,
    source: null,
    status: "HELD",
    reason: "Not in Sage 100: held for a person.",
  };
  await sql(
    `INSERT INTO "TieOutDay" (id, "companyId", day, kind, currency, "kashflowMinor", "sage100Minor", "varianceMinor", documents, variances, "computedAt") VALUES ($1, $2, '2026-11-20', 'sales_invoices', 'USD', 12712, 12500, 212, 2, $3::jsonb, now())`,
    [id(), companyId, JSON.stringify([{ ...variance, kashflowMinor: 212, varianceMinor: 212 }])],
  );
  return { mapping, fx };
}

test("a held invoice links to its prefilled mapping or rate form; saving releases it; a CSV import is all or nothing; the tie-out lists a day's variances", async ({
  page,
}) => {
  await freshCompany(page, "Lookups");
  const companyHref = new URL(page.url()).pathname;
  const companyId = companyIdOf(page.url());
  const held = await seedHolds(companyId);

  // The records view: the held invoice says what to map, with a link straight to the form.
  await page.goto(`${companyHref}/sync/records?status=HELD`);
  const row = page.getByTestId("sync-record-row").filter({ hasText: "9101" });
  await row.getByTestId("hold-fix-link").click();
  await expect(page).toHaveURL(/\/sync\/mappings\?kind=nominal_to_gl&key=4000/);
  const nominal = page.locator('[data-testid="mapping-table"][data-kind="nominal_to_gl"]');
  await expect(nominal.getByTestId("mapping-waiting")).toContainText("1 record waits");
  const form = page.locator('[data-testid="mapping-form"][data-kind="nominal_to_gl"]');
  await expect(form.getByLabel("KashFlow nominal code")).toHaveValue("4000");
  await form.getByLabel("Sage 100 G/L account").fill("4000 00");
  await form.getByRole("button", { name: "Save mapping" }).click();
  await expect(form.getByText("Use the formatted account, such as 4000-00.")).toBeVisible();
  await form.getByLabel("Sage 100 G/L account").fill("4000-00");
  await form.getByRole("button", { name: "Save mapping" }).click();
  await expect(page.getByTestId("mapping-saved")).toHaveText(
    "4000 → 4000-00 saved. 1 held record was released and will go at the next run.",
  );
  await expect(nominal.getByTestId("mapping-waiting")).toHaveCount(0);
  await expect(nominal.getByTestId("mapping-entry").filter({ hasText: "4000-00" })).toBeVisible();
  expect(await sql(`SELECT status::text AS status FROM "SyncRecord" WHERE id = $1`, [held.mapping])).toEqual([
    { status: "PENDING" },
  ]);

  // Adding the same key again is refused on its field.
  const vat = page.locator("#map-vat_to_tax_class");
  await vat.getByRole("button", { name: "Add a mapping" }).click();
  const vatForm = vat.getByTestId("mapping-form");
  await vatForm.getByLabel("VAT rate (%), or EXEMPT").fill("20");
  await vatForm.getByLabel("Sage 100 tax class").fill("TAX");
  await vatForm.getByRole("button", { name: "Save mapping" }).click();
  await expect(vatForm.getByText("Sage 100 tax classes are at most 2 characters, such as TX or NT.")).toBeVisible();
  await vatForm.getByLabel("Sage 100 tax class").fill("tx");
  await vatForm.getByRole("button", { name: "Save mapping" }).click();
  await expect(vat.getByTestId("mapping-saved")).toHaveText("20 → TX saved. No held records were waiting for it.");

  // The other held invoice, on its own page: "Enter the EUR→USD rate" opens the rate form for its day.
  await page.goto(`${companyHref}/sync/records/${held.fx}`);
  await page.getByTestId("hold-fix-link").click();
  await expect(page).toHaveURL(/\/sync\/fx\?from=EUR&to=USD&day=2026-11-20/);
  await expect(page.getByTestId("fx-waiting-rate")).toContainText("EUR→USD for 20 Nov 2026");
  await expect(page.getByTestId("fx-waiting-rate")).toContainText("Sales invoice 9102");
  await expect(page.getByLabel("From")).toHaveValue("EUR");
  await expect(page.getByLabel("Day")).toHaveValue("2026-11-20");

  // A CSV with one bad row saves nothing and names the row; the fixed file releases the invoice.
  await page
    .getByLabel("Or paste the rows")
    .fill("date,from,to,rate\n2026-11-20,EUR,USD,1.0812\n2026-11-21,EUR,USD,abc\n");
  await page.getByRole("button", { name: "Import rates" }).click();
  await expect(page.getByText(/1 row\(s\) need fixing; nothing was saved\. Row 3: rate/)).toBeVisible();
  await expect(page.getByTestId("fx-rates-empty")).toBeVisible();
  await page
    .getByLabel("Or paste the rows")
    .fill("date,from,to,rate\n2026-11-20,EUR,USD,1.0812\n2026-11-21,EUR,USD,1.0820\n");
  await page.getByRole("button", { name: "Import rates" }).click();
  await expect(page.getByTestId("fx-imported")).toHaveText(
    "2 rates imported (EUR→USD, 2026-11-20 to 2026-11-21). 1 held document was released and will go at the next run.",
  );
  await expect(page.getByTestId("fx-waiting-rate")).toHaveCount(0);
  await expect(page.getByTestId("fx-rate-row")).toHaveCount(2);
  await expect(page.getByTestId("fx-pair")).toContainText("EUR→USD · 2 days, latest 1.082 on 2026-11-21");

  // The dashboard's tie-out card names the day that does not tie out; its page lists the document with its link.
  await page.goto(`${companyHref}/sync`);
  await expect(page.getByTestId("tie-out-open")).toContainText("1 day does not tie out: 2026-11-20");
  await page.getByTestId("tie-out-open").getByRole("link", { name: "2026-11-20" }).click();
  await expect(page.getByRole("heading", { name: /Tie-out of 2026-11-20/ })).toBeVisible();
  const variance = page.getByTestId("tie-out-variance-row").first();
  await expect(variance).toContainText("Not in Sage 100: held for a person.");
  await expect(variance).toContainText("+2.12 USD");
  await variance.getByRole("link", { name: "9102" }).click();
  await expect(page).toHaveURL(new RegExp(`/sync/records/${held.fx}$`));
});
