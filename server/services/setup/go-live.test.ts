// Go-live end to end on real Postgres, the KashFlow sandbox over HTTP and a real agent on the Sage 100 simulator:
// a company in set-up is read but never written (the runner's work and a whole first-sync preview send no write to
// KashFlow, queue no write command for the agent and leave Sage 100's tables as they were); the preview says what
// going live would create, match, hold (with the fix link) and which stock it would overwrite; the checklist; and
// Start syncing, refused to accountants, viewers and an unfinished checklist, after which the runner carries it all.
import { beforeAll, describe, expect, it } from "vitest";
import { holdFixHref } from "@/components/mappings/hrefs";
import { db } from "@/server/db";
import { READ_ONLY_COMMANDS } from "@/server/sync/gateways/sage100";
import { scheduled } from "@/server/sync/scheduled";
import { dueFlows } from "@/server/sync/runner/due-flows";
import { runCompanyFlow } from "@/server/sync/runner/run-due";
import { saveFxRates } from "@/server/sync/mappings/fx";
import { saveMapping } from "@/server/sync/mappings/save-mapping";
import { MAPPINGS, line, kashflowInvoice, kfNo } from "@/server/sync/flows/testing/sales-invoices";
import {
  connectCompany,
  harnessForFile,
  sageCustomer,
  sageTable,
  type Company,
  type Harness,
} from "@/server/sync/flows/testing/harness";
import { waitUntil } from "@/server/integrations/sage100/testing/test-agent";
import { pickUpPreviews } from "@/server/services/preview/pick-up-previews";
import { getPreview } from "@/server/services/preview/preview-view";
import type { FlowPreview } from "@/server/services/preview/preview-types";
import { addMember, callerFor, createCompany, createOrg, createUser, trpcErrorOf } from "@/tests/factories";
import { getChecklist } from "./checklist";

let h: Harness;
harnessForFile((started) => (h = started));

const STOCK = "stock.sage100_to_kashflow";
const writeCommands = (companyId: string) =>
  db.sage100Command.count({ where: { companyId, type: { notIn: [...READ_ONLY_COMMANDS] } } });
const sageSnapshot = (c: Company) => JSON.stringify(c.sim.inspect("ABC").tables);

/** Every flow the runner would run for this company, run now (as "Sync now" would), plus the runner's own due list. */
async function runnerWork(c: Company): Promise<void> {
  for (const due of await dueFlows())
    if (due.companyId === c.companyId) await runCompanyFlow(due.companyId, due.flowId);
}

async function previewToEnd(c: Company) {
  await waitUntil(
    async () => {
      pickUpPreviews();
      const { latest } = await getPreview({ orgId: c.tenant.org.id, companyId: c.companyId });
      return latest?.status === "DONE" || latest?.status === "FAILED";
    },
    180_000,
    "the preview to finish",
  );
  const { latest } = await getPreview({ orgId: c.tenant.org.id, companyId: c.companyId });
  expect(latest?.error ?? null).toBeNull();
  return latest!;
}

const flowOf = (flows: FlowPreview[], id: string) => flows.find((f) => f.flowId === id)!;

describe("a company in set-up", () => {
  let c: Company;
  let admin: { id: string };
  let accountant: { id: string };
  let viewer: { id: string };
  let invoices: { newco: number; newcoSupport: number; harbour: number; euro: number };
  let sageBefore: string;
  let writesBefore: number;
  let logBefore: number;

  beforeAll(async () => {
    c = await connectCompany(h, { account: { DataSet: "empty" } });
    await db.company.update({ where: { id: c.companyId }, data: { status: "SETTING_UP" } });
    admin = (await addMember(c.tenant.org, "ADMIN")).user;
    accountant = (await addMember(c.tenant.org, "ACCOUNTANT")).user;
    viewer = (await addMember(c.tenant.org, "VIEWER")).user;
    const who = { orgId: c.tenant.org.id, companyId: c.companyId, userId: c.tenant.owner.id };
    // Mapped but for nominal 4010, which one invoice uses; GBP rates for Q1 only, so a June EUR invoice has none.
    for (const [kind, sourceKey, targetValue] of MAPPINGS.filter(([, key]) => key !== "4010"))
      await saveMapping({ ...who, kind, sourceKey, targetValue });
    const days = Array.from({ length: 90 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));
    await saveFxRates({
      ...who,
      source: "csv",
      rates: days.flatMap((day) => [
        { fromCurrency: "GBP", toCurrency: "USD", day, rate: "1.2712" },
        { fromCurrency: "EUR", toCurrency: "USD", day, rate: "1.0815" },
      ]),
    });

    // KashFlow: a customer Sage 100 already has, a new one, their invoices, and a stock-managed product.
    const kf = c.kashflowClient;
    await kf.customers.create({
      Code: "HARB01",
      Name: "Harbour Lights Ltd",
      Addresses: [{ Line1: "1 Quay St", Line3: "Bristol", PostCode: "BS1 4DJ", CountryCode: "GB" }],
    });
    await kf.customers.create({ Code: "NEWCO", Name: "Newco Trading Ltd" });
    sageCustomer(c.sim, "HARB01", { CustomerName: "Harbour Lights", ZipCode: "BS1 4DJ" });
    invoices = {
      newco: await kashflowInvoice(c, {
        customer: "NEWCO",
        date: "2025-03-10",
        lines: [line({ rate: 100, quantity: 3 })],
      }),
      newcoSupport: await kashflowInvoice(c, {
        customer: "NEWCO",
        date: "2025-03-11",
        lines: [line({ nominal: 4010, rate: 49.99, description: "Support" })],
      }),
      harbour: await kashflowInvoice(c, { customer: "HARB01", date: "2025-03-12", lines: [line({ rate: 80 })] }),
      euro: await kashflowInvoice(c, {
        customer: "NEWCO",
        date: "2025-06-20",
        currency: { Code: "EUR", ExchangeRate: 1.17 },
        lines: [line({ rate: 250 })],
      }),
    };
    await kf.products.create({
      Code: "WIDGET-100",
      NominalCode: 4000,
      Name: "Standard Widget",
      Price: 25,
      ManageStockLevel: true,
      QuantityInStock: 188.5,
    });
    sageBefore = sageSnapshot(c);
    writesBefore = h.counts.anyWrites;
    logBefore = h.counts.anyWriteLog.length;
  }, 180_000);

  it("starts with stock into KashFlow off and an open checklist; Start syncing is refused with what is missing", async () => {
    const choices = await callerFor(c.tenant.owner).setup.flowChoices({ companyId: c.companyId });
    expect(choices.flows.find((f) => f.id === STOCK)).toMatchObject({ on: false });
    expect(choices.flows.filter((f) => f.id !== STOCK).every((f) => f.on)).toBe(true);
    const checklist = await getChecklist({ orgId: c.tenant.org.id, companyId: c.companyId });
    expect(Object.fromEntries(checklist.lines.map((l) => [l.id, l.state]))).toEqual({
      kashflow: "done",
      agent: "done",
      startDate: "todo",
      flows: "todo",
      preview: "todo",
      mappings: "todo",
      fx: "todo",
      settings: "todo",
    });
    const refused = await trpcErrorOf(callerFor(c.tenant.owner).company.startSyncing({ companyId: c.companyId }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("First carried day chosen");
    // The preview reads from the first carried day: asked before one is chosen, it says so.
    const early = await trpcErrorOf(callerFor(c.tenant.owner).setup.requestPreview({ companyId: c.companyId }));
    expect(early.message).toMatch(/first carried day/i);
  });

  it("in set-up, the runner's work and a whole preview write nothing to KashFlow, Sage 100 or the agent's queue", async () => {
    const owner = callerFor(c.tenant.owner);
    await owner.setup.setFirstCarriedDay({ companyId: c.companyId, startDate: "2025-01-01" });
    await owner.setup.chooseFlows({ companyId: c.companyId, on: scheduled().map((f) => f.id) });

    // The runners leave a company in set-up alone; made to run its flows all the same, they only read.
    expect((await dueFlows()).filter((d) => d.companyId === c.companyId)).toEqual([]);
    for (const flow of scheduled()) await runCompanyFlow(c.companyId, flow.id);
    await runnerWork(c);

    const first = await owner.setup.requestPreview({ companyId: c.companyId });
    expect(first.status).toBe("QUEUED");
    // Asked again while it waits: the same run, not a second one.
    expect((await callerFor(accountant).setup.requestPreview({ companyId: c.companyId })).id).toBe(first.id);
    const done = await previewToEnd(c);
    expect(done.id).toBe(first.id);
    expect(done.progress).toMatchObject({ flowsDone: done.progress.flowsTotal, flowId: null });

    expect(h.counts.anyWriteLog.slice(logBefore)).toEqual([]);
    expect(h.counts.anyWrites - writesBefore).toBe(0);
    expect(await writeCommands(c.companyId)).toBe(0);
    expect(sageSnapshot(c)).toBe(sageBefore);
    // Statuses do not move in set-up: going live carries every record read.
    expect(
      await db.syncRecord.count({
        where: { companyId: c.companyId, status: { in: ["SYNCED", "HELD", "FAILED", "DEAD"] } },
      }),
    ).toBe(0);
    expect(await db.entityLink.count({ where: { companyId: c.companyId } })).toBe(0);
  }, 240_000);

  it("the preview says what going live would create, match, hold (with the fix) and which stock it would overwrite", async () => {
    const { lastDone } = await callerFor(viewer).setup.preview({ companyId: c.companyId });
    const flows = lastDone!.result.flows;
    for (const f of flows) expect(f.readOnlyViolations, f.flowId).toEqual({ count: 0, examples: [] });

    const customers = flowOf(flows, "customers.kashflow_to_sage100");
    expect(customers.counts).toMatchObject({ create: 1, match: 1, held: 0 });
    expect(customers.samples.map((s) => [s.document, s.outcome, s.target])).toEqual(
      expect.arrayContaining([
        ["Customer NEWCO", "create", "A/R customer 00-NEWCO"],
        ["Customer HARB01", "match", "A/R customer 00-HARB01"],
      ]),
    );

    // Invoices of the new customer count as creates (for the customer this preview creates), not as held.
    const sales = flowOf(flows, "sales_invoices.kashflow_to_sage100");
    expect(sales.counts).toMatchObject({ create: 2, held: 2 });
    const newco = sales.samples.find((s) => s.document === `Invoice ${invoices.newco}`)!;
    expect(newco).toMatchObject({
      outcome: "create",
      party: "NEWCO · Newco Trading Ltd",
      date: "2025-03-10",
      amount: { amountMinor: 36000, currency: "GBP" },
      target: `A/R invoice ${kfNo(invoices.newco)} for customer 00-NEWCO`,
    });
    const unmapped = sales.held.find((g) => g.code === "MAPPING_MISSING")!;
    expect(unmapped).toMatchObject({
      field: "mapping:nominal_to_gl:4010",
      count: 1,
      example: `Invoice ${invoices.newcoSupport}`,
    });
    expect(holdFixHref("/o/x/companies/y/sync", unmapped.code, unmapped.field)).toEqual({
      href: "/o/x/companies/y/sync/mappings?kind=nominal_to_gl&key=4010#map-nominal_to_gl",
      label: "Add this mapping",
    });
    expect(sales.held.find((g) => g.code === "FX_MISSING")).toMatchObject({ count: 1, field: "fx:EUR:USD:2025-06-20" });

    // Stock: the KashFlow product that matched Sage's item would go from what KashFlow holds to Sage's 500 + 120.
    const stock = flowOf(flows, STOCK);
    expect(stock.state).toBe("previewed");
    expect(stock.stockChanges).toContainEqual({
      item: "WIDGET-100",
      product: "4000/WIDGET-100",
      from: "188.5",
      to: "620",
    });
    expect(stock.stockChangesTotal).toBeGreaterThanOrEqual(1);
    expect(
      flowOf(flows, "items.kashflow_to_sage100").samples.find((s) => s.document === "Product WIDGET-100"),
    ).toMatchObject({ outcome: "match", target: "Sage 100 item WIDGET-100" });
  });

  it("the checklist reads the preview: mappings and rates to look at (not blocking), settings still to review", async () => {
    const checklist = await callerFor(viewer).setup.checklist({ companyId: c.companyId });
    expect(Object.fromEntries(checklist.lines.map((l) => [l.id, l.state]))).toEqual({
      kashflow: "done",
      agent: "done",
      startDate: "done",
      flows: "done",
      preview: "done",
      mappings: "warning",
      fx: "warning",
      settings: "todo",
    });
    expect(checklist.lines.find((l) => l.id === "mappings")?.detail).toBe(
      "1 record would be held for 1 missing mapping.",
    );
    expect(checklist).toMatchObject({ ready: false, missing: ["Sync settings reviewed"], live: null });
  });

  it("Start syncing: refused to accountants, viewers and an open checklist; an admin takes it live and the runner carries the records", async () => {
    for (const who of [accountant, viewer])
      expect((await trpcErrorOf(callerFor(who).company.startSyncing({ companyId: c.companyId }))).code).toBe(
        "FORBIDDEN",
      );
    const open = await trpcErrorOf(callerFor(c.tenant.owner).company.startSyncing({ companyId: c.companyId }));
    expect(open).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "Before syncing starts: Sync settings reviewed.",
    });
    expect((await db.company.findUniqueOrThrow({ where: { id: c.companyId } })).status).toBe("SETTING_UP");

    await callerFor(accountant).setup.reviewSettings({ companyId: c.companyId });
    const live = await callerFor(admin).company.startSyncing({ companyId: c.companyId });
    expect(live).toMatchObject({ status: "LIVE", live: { byName: "admin" } });
    expect(
      await db.auditLog.count({
        where: { companyId: c.companyId, action: "company.went_live", actorUserId: admin.id },
      }),
    ).toBe(1);
    expect(await trpcErrorOf(callerFor(c.tenant.owner).company.startSyncing({ companyId: c.companyId }))).toMatchObject(
      { code: "PRECONDITION_FAILED" },
    );

    try {
      // Every flow was asked to run: the runner's next ticks carry what the preview showed.
      expect((await dueFlows()).filter((d) => d.companyId === c.companyId).map((d) => d.flowId)).toEqual(
        scheduled().map((f) => f.id),
      );
      await runnerWork(c);
      await runnerWork(c);
      expect(sageTable(c.sim, "AR_Customer").some((r) => r.CustomerNo === "NEWCO")).toBe(true);
      const invoice = await db.syncRecord.findUniqueOrThrow({
        where: {
          companyId_system_model_externalId: {
            companyId: c.companyId,
            system: "KASHFLOW",
            model: "sales_invoice",
            externalId: String(invoices.newco),
          },
        },
      });
      expect(invoice).toMatchObject({ status: "SYNCED", counterpartId: kfNo(invoices.newco) });
      expect(Number((await c.kashflowClient.products.get(4000, "WIDGET-100")).QuantityInStock)).toBe(620);
      expect(h.counts.anyWrites).toBeGreaterThan(writesBefore);
    } finally {
      await db.company.update({ where: { id: c.companyId }, data: { status: "PAUSED" } });
    }
  }, 240_000);
});

describe("a new company", () => {
  it("has stock into KashFlow off without any settings row, and nothing to preview until it is connected", async () => {
    const owner = await createUser("fresh-owner");
    const org = await createOrg(owner);
    const company = await createCompany(org);
    expect(await db.syncSettings.findUnique({ where: { companyId: company.id } })).toBeNull();
    expect(
      (await callerFor(owner).setup.flowChoices({ companyId: company.id })).flows.find((f) => f.id === STOCK)?.on,
    ).toBe(false);
    const refused = await trpcErrorOf(callerFor(owner).setup.requestPreview({ companyId: company.id }));
    expect(refused.code).toBe("PRECONDITION_FAILED");
    expect(refused.message).toMatch(/kashflow connected, sage 100 agent paired and online, first carried day chosen/);
  });
});
