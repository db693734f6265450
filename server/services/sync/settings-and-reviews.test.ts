// Sync settings (through server/sync/settings.ts, field-level errors, audited) and the match review list and
// resolution on real Postgres.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { loadSyncSettings, saveSyncSettings } from "@/server/sync/settings";
import { callerFor, trpcCodeOf, trpcErrorOf } from "@/tests/factories";
import { ledgerRecord, syncTenant } from "./testing/fixtures";

const validForm = {
  pollMinutes: 30,
  deletionGraceSweeps: 3,
  ownership: {
    names: "KASHFLOW",
    contact: "MOST_RECENT",
    address: "SAGE100",
    creditTerms: "SAGE100",
    itemPricing: "MOST_RECENT",
  },
  sage100: {
    division: "01",
    countyTo: "drop",
    foreignState: "gb",
    currency: "USD",
    redateClosedPeriod: false,
    invoiceItem: "/SERVICE",
    invoiceTaxSchedule: "NONTAX",
    supplierPayments: "manual_check",
  },
  salesInvoices: { sage100Prefix: "K", mode: "detail", startDate: null },
  documents: { futureDated: "on_date" },
  purchases: { post: true, vatNominal: "2200" },
  payments: {
    post: true,
    depositType: "C",
    unappliedCashAccount: "",
    fxDifferenceAccount: "",
    kashflowBankAccountId: null,
    kashflowMethodId: null,
  },
  stock: { warehouses: [] as string[], quantity: "on_hand" },
  orderStatus: { matchBy: "invoice_number", writeTo: "auto" },
} as const;

describe("sync settings", () => {
  it("shows the defaults, saves a change the engine then reads, keeps paused flows, and audits what changed", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    expect(await callerFor(t.viewer).sync.getSettings({ companyId: c })).toEqual({
      pollMinutes: 15,
      deletionGraceSweeps: 2,
      ownership: {
        names: "KASHFLOW",
        contact: "KASHFLOW",
        address: "KASHFLOW",
        creditTerms: "SAGE100",
        itemPricing: "SAGE100",
      },
      sage100: {
        division: "00",
        countyTo: "address_line_3",
        foreignState: "",
        currency: "USD",
        redateClosedPeriod: false,
        invoiceItem: "/SERVICE",
        invoiceTaxSchedule: "NONTAX",
        supplierPayments: "manual_check",
      },
      salesInvoices: { sage100Prefix: "K", mode: "detail", startDate: null },
      documents: { futureDated: "now" },
      purchases: { post: true, vatNominal: "2200" },
      payments: {
        post: true,
        depositType: "C",
        unappliedCashAccount: "",
        fxDifferenceAccount: "",
        kashflowBankAccountId: null,
        kashflowMethodId: null,
      },
      stock: { warehouses: [], quantity: "on_hand" },
      orderStatus: { matchBy: "invoice_number", writeTo: "auto" },
      fx: { useLatestRate: false, maxAgeDays: 7 },
      alerts: { agentOfflineMinutes: 10 },
      retention: { days: 90 },
    });
    await saveSyncSettings(c, { ...(await loadSyncSettings(c)), pausedFlows: ["customers.test"] });
    const saved = await callerFor(t.accountant).sync.updateSettings({ companyId: c, ...validForm });
    expect(saved.sage100.foreignState).toBe("GB");
    const engine = await loadSyncSettings(c);
    expect(engine).toMatchObject({
      pollMinutes: 30,
      deletionGraceSweeps: 3,
      ownership: { contact: "MOST_RECENT", address: "SAGE100" },
      sage100: { division: "01", countyTo: "drop", foreignState: "GB" },
      documents: { futureDated: "on_date" },
      pausedFlows: ["customers.test"],
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { companyId: c, action: "sync.settings_updated" } });
    expect((audit.details as { changed: string[] }).changed.sort()).toEqual(
      [
        "deletionGraceSweeps",
        "documents.futureDated",
        "ownership.address",
        "ownership.contact",
        "ownership.itemPricing",
        "pollMinutes",
        "sage100.countyTo",
        "sage100.division",
        "sage100.foreignState",
      ].sort(),
    );
    // A form without the alert limit (saved before it existed) keeps it; with it, it is saved.
    expect((await loadSyncSettings(c)).alerts.agentOfflineMinutes).toBe(10);
    await callerFor(t.accountant).sync.updateSettings({
      companyId: c,
      ...validForm,
      alerts: { agentOfflineMinutes: 45 },
    });
    expect((await loadSyncSettings(c)).alerts.agentOfflineMinutes).toBe(45);
    // So does how long history is kept.
    expect((await loadSyncSettings(c)).retention.days).toBe(90);
    await callerFor(t.accountant).sync.updateSettings({ companyId: c, ...validForm, retention: { days: 30 } });
    expect((await loadSyncSettings(c)).retention.days).toBe(30);
    await callerFor(t.accountant).sync.updateSettings({ companyId: c, ...validForm });
    expect((await loadSyncSettings(c)).retention.days).toBe(30);
    // Saving the same again changes nothing and audits nothing.
    await callerFor(t.accountant).sync.updateSettings({ companyId: c, ...validForm });
    expect(await db.auditLog.count({ where: { companyId: c, action: "sync.settings_updated" } })).toBe(3);
  });

  it("refuses bad values field by field, in plain words, writing nothing", async () => {
    const t = await syncTenant();
    const error = await trpcErrorOf(
      callerFor(t.owner).sync.updateSettings({
        companyId: t.company.id,
        ...validForm,
        pollMinutes: 0,
        deletionGraceSweeps: 2.5,
        sage100: {
          ...validForm.sage100,
          division: "A",
          foreignState: "GBR",
          currency: "dollars",
          invoiceItem: "SERVICE",
        },
        payments: { ...validForm.payments, unappliedCashAccount: "2100 00", kashflowBankAccountId: -1 },
        stock: { ...validForm.stock, warehouses: ["000", "MAIN"] },
        salesInvoices: { ...validForm.salesInvoices, startDate: "2025-13-01" },
        // Forward-dated documents are carried now or on their date, never left out.
        documents: { futureDated: "never" as "now" },
        retention: { days: 3 },
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const issues = (error.cause as unknown as { issues: { path: (string | number)[]; message: string }[] }).issues;
    expect(Object.fromEntries(issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      pollMinutes: "Use at least 1.",
      deletionGraceSweeps: "Enter the deletion grace as a whole number.",
      "sage100.division": "Use two digits, such as 00.",
      "sage100.foreignState": "Use two letters, or leave it empty.",
      "sage100.currency": "Use the three-letter currency code, such as USD.",
      "sage100.invoiceItem": "Use a miscellaneous item code such as /SERVICE.",
      "payments.unappliedCashAccount": "Use the account as Sage 100 shows it, such as 2100-00, or leave it empty.",
      "payments.kashflowBankAccountId": "Enter KashFlow's number, or leave it empty.",
      "stock.warehouses.1":
        "Use Sage 100 warehouse codes of up to 3 letters or digits, such as 000, separated by commas.",
      "salesInvoices.startDate": "Use a date such as 2025-01-01, or leave it empty.",
      "documents.futureDated": "Pick at once, or on its date.",
      "retention.days": "Use at least 7.",
    });
    expect(await db.syncSettings.count({ where: { companyId: t.company.id } })).toBe(0);
    expect(await trpcCodeOf(callerFor(t.viewer).sync.updateSettings({ companyId: t.company.id, ...validForm }))).toBe(
      "FORBIDDEN",
    );
  });
});

describe("financial settings", () => {
  it("saves the payment accounts, posting choices, stock warehouses and order-status rules the flows read", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    await callerFor(t.owner).sync.updateSettings({
      companyId: c,
      ...validForm,
      sage100: { ...validForm.sage100, redateClosedPeriod: true, invoiceItem: "/consult", supplierPayments: "skip" },
      payments: {
        ...validForm.payments,
        post: false,
        depositType: "A",
        unappliedCashAccount: "2310-00",
        fxDifferenceAccount: "7050-00",
        kashflowBankAccountId: 12,
      },
      stock: { warehouses: ["000", "e1"], quantity: "available" },
      orderStatus: { matchBy: "customer_reference", writeTo: "note" },
      salesInvoices: { ...validForm.salesInvoices, startDate: "2025-01-01" },
    });
    expect(await loadSyncSettings(c)).toMatchObject({
      sage100: { redateClosedPeriod: true, invoiceItem: "/CONSULT", supplierPayments: "skip" },
      payments: {
        post: false,
        depositType: "A",
        unappliedCashAccount: "2310-00",
        fxDifferenceAccount: "7050-00",
        kashflowBankAccountId: 12,
        kashflowMethodId: null,
      },
      stock: { warehouses: ["000", "E1"], quantity: "available" },
      orderStatus: { matchBy: "customer_reference", writeTo: "note" },
      salesInvoices: { startDate: "2025-01-01" },
    });
  });

  it("the invoice mode, the Sage 100 number prefix and the currency are fixed once a document is in Sage 100", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const change = {
      ...validForm,
      sage100: { ...validForm.sage100, currency: "CAD" },
      salesInvoices: { ...validForm.salesInvoices, mode: "summary", sage100Prefix: "KF" },
    } as const;
    // Nothing carried yet: free to change, and back.
    await callerFor(t.owner).sync.updateSettings({ companyId: c, ...change });
    await callerFor(t.owner).sync.updateSettings({ companyId: c, ...validForm });
    // A customer in Sage 100 does not fix them; an invoice does.
    await ledgerRecord(c, { model: "customer", status: "SYNCED", counterpartId: "00-ACME" });
    await callerFor(t.owner).sync.updateSettings({ companyId: c, ...change });
    await callerFor(t.owner).sync.updateSettings({ companyId: c, ...validForm });
    await ledgerRecord(c, { model: "sales_invoice", status: "SYNCED", counterpartId: "K000101" });
    const error = await trpcErrorOf(
      callerFor(t.owner).sync.updateSettings({ companyId: c, ...change, pollMinutes: 45 }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(
      Object.keys((error.cause as unknown as { fieldErrors: Record<string, string[]> }).fieldErrors).sort(),
    ).toEqual(["sage100.currency", "salesInvoices.mode", "salesInvoices.sage100Prefix"]);
    // Nothing of the refused save was written, not even the fields that could change.
    expect(await loadSyncSettings(c)).toMatchObject({
      pollMinutes: 30,
      sage100: { currency: "USD" },
      salesInvoices: { mode: "detail", sage100Prefix: "K" },
    });
  });
});

describe("match reviews", () => {
  async function reviewFixture() {
    const t = await syncTenant();
    const c = t.company.id;
    const kf = await ledgerRecord(c, {
      externalId: "CUST-9",
      status: "HELD",
      errorCode: "MATCH_REVIEW",
      errorMessage: "Two Sage 100 customers could be this one.",
      payload: {
        code: "CUST-9",
        name: "Nine Ltd",
        billingAddress: { postCode: "BN1 1AA", lines: [] },
        contacts: [{ email: "ap@nine.test" }],
      },
    });
    await ledgerRecord(c, {
      system: "SAGE100",
      externalId: "00-NINE001",
      payload: { code: "NINE001", name: "Nine Ltd", billingAddress: { postCode: "BN1 1AA", lines: [] }, contacts: [] },
    });
    const review = await db.matchReview.create({
      data: {
        companyId: c,
        model: "customer",
        kashflowId: "CUST-9",
        candidates: [
          { sage100Key: "00-NINE001", name: "Nine Ltd", reason: "same name and postcode" },
          { sage100Key: "00-NINE002", name: "Nine Limited", reason: "same email" },
        ],
      },
    });
    await db.matchReview.create({
      data: {
        companyId: c,
        model: "customer",
        kashflowId: "CUST-OLD",
        candidates: [],
        resolvedAt: new Date(),
        resolution: "CREATE",
      },
    });
    return { t, c, kf, review };
  }

  it("lists open reviews with the KashFlow record and each candidate, as the ledger knows them", async () => {
    const { t, c, kf, review } = await reviewFixture();
    const list = await callerFor(t.viewer).sync.listMatchReviews({ companyId: c });
    expect(list.total).toBe(1);
    expect(list.reviews).toEqual([
      expect.objectContaining({
        id: review.id,
        model: "customer",
        kashflowId: "CUST-9",
        kashflow: { id: kf.id, name: "Nine Ltd", facts: ["code CUST-9", "postcode BN1 1AA", "ap@nine.test"] },
        candidates: [
          {
            sage100Key: "00-NINE001",
            reason: "same name and postcode",
            recordId: expect.any(String),
            name: "Nine Ltd",
            facts: ["code NINE001", "postcode BN1 1AA"],
          },
          { sage100Key: "00-NINE002", reason: "same email", recordId: null, name: "Nine Limited", facts: [] },
        ],
      }),
    ]);
    expect((await callerFor(t.viewer).sync.overview({ companyId: c })).openReviews).toBe(1);
  });

  it("settles a review with a candidate: the held record goes back to PENDING, audited; only once", async () => {
    const { t, c, kf, review } = await reviewFixture();
    await callerFor(t.accountant).sync.resolveMatchReview({
      companyId: c,
      reviewId: review.id,
      resolution: "00-NINE001",
    });
    expect(await db.matchReview.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({
      resolution: "00-NINE001",
      resolvedBy: t.accountant.id,
      resolvedAt: expect.any(Date),
    });
    expect(await db.syncRecord.findUniqueOrThrow({ where: { id: kf.id } })).toMatchObject({
      status: "PENDING",
      attempts: 0,
      errorMessage: null,
    });
    expect(await db.auditLog.count({ where: { companyId: c, action: "sync.match_resolved" } })).toBe(1);
    expect(
      await trpcCodeOf(
        callerFor(t.owner).sync.resolveMatchReview({ companyId: c, reviewId: review.id, resolution: "CREATE" }),
      ),
    ).toBe("CONFLICT");
    expect((await callerFor(t.viewer).sync.listMatchReviews({ companyId: c })).total).toBe(0);
  });

  it('accepts "Create new", refuses a key that was not offered, and a viewer', async () => {
    const { t, c, review } = await reviewFixture();
    expect(
      await trpcCodeOf(
        callerFor(t.viewer).sync.resolveMatchReview({ companyId: c, reviewId: review.id, resolution: "CREATE" }),
      ),
    ).toBe("FORBIDDEN");
    const wrong = await trpcErrorOf(
      callerFor(t.owner).sync.resolveMatchReview({ companyId: c, reviewId: review.id, resolution: "00-OTHER" }),
    );
    expect(wrong.code).toBe("BAD_REQUEST");
    expect((await db.matchReview.findUniqueOrThrow({ where: { id: review.id } })).resolvedAt).toBeNull();
    await callerFor(t.owner).sync.resolveMatchReview({ companyId: c, reviewId: review.id, resolution: "CREATE" });
    expect((await db.matchReview.findUniqueOrThrow({ where: { id: review.id } })).resolution).toBe("CREATE");
  });
});
