// How the preview classifies what flows decide, on real Postgres with two flows of its own: a record waiting for
// another this preview creates counts as a create after it; one waiting for a record that would be held is held;
// a document's party this preview creates is looked up through the link it would make; a write attempted while
// planning is refused by the read-only guard and counted as a defect, never passed off as a hold; an error is
// "could not be checked"; statuses stay as they were.
import { InngestTestEngine } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { hold, isHold, type FlowDefinition } from "@/server/sync/engine/flow";
import { observeRecords } from "@/server/sync/ledger/observe";
import { FLOWS } from "@/server/sync/flows";
import { linkedPartyOrWait } from "@/server/sync/documents/support";
import { waitForLink } from "@/server/sync/documents/waiting";
import { parseSyncSettings, saveSyncSettings } from "@/server/sync/settings";
import { createCompany, createOrg, createUser } from "@/tests/factories";
import { previewRequested } from "@/server/jobs/preview-requested";
import { PREVIEW_REQUESTED } from "./preview-events";
import { runPreview } from "./run-preview";
import { previewResultSchema } from "./preview-types";

const record = z.object({
  code: z.string().min(1),
  name: z.string().min(1, "is required"),
  party: z.string().optional(),
  act: z.string().optional(),
});
type Rec = z.infer<typeof record>;

function sourceFlow(
  id: string,
  model: "supplier" | "purchase_invoice",
  rows: Record<string, Rec>,
  rules: FlowDefinition<Rec, unknown>["rules"],
): FlowDefinition<Rec, unknown> {
  return {
    id,
    label: id,
    model,
    source: "KASHFLOW",
    target: "SAGE100",
    async detect(ctx) {
      const seen = await observeRecords({
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model,
        records: Object.entries(rows).map(([externalId, payload]) => ({ externalId, payload })),
      });
      return { ...seen, complete: true };
    },
    canonical: record,
    rules,
    validate: async () => null,
    load: async () => {
      throw new Error("a preview never loads");
    },
  };
}

const SUPPLIERS = sourceFlow(
  "test.suppliers",
  "supplier",
  { SUPOK: { code: "SUPOK", name: "Supplies OK" }, BAD: { code: "BAD", name: "Bad Supplies" } },
  async (_ctx, s) =>
    s.code === "BAD"
      ? hold("NAME_REJECTED", "Sage 100 refuses this vendor's name.", "name")
      : {
          plan: { kind: "write", key: `00-${s.code}`, how: "new", command: { type: "upsertVendor" }, current: null },
          warnings: [],
        },
);

const BILLS = sourceFlow(
  "test.bills",
  "purchase_invoice",
  {
    P1: { code: "P1", name: "Bill for a new vendor", party: "SUPOK" },
    P2: { code: "P2", name: "Bill for a vendor that would be held", party: "BAD" },
    P3: { code: "P3", name: "Bill waiting for its vendor to be matched", act: "wait" },
    P4: { code: "P4", name: "Bill whose rules try to write", act: "write" },
    P5: { code: "P5", name: "Bill that breaks", act: "boom" },
    P6: { code: "P6", name: "" },
  },
  async (ctx, b) => {
    if (b.act === "write")
      await ctx.sage100.execute({
        type: "createApInvoice",
        payload: {
          division: "00",
          vendorNo: "SUPOK",
          invoiceNo: "P4",
          invoiceDate: "2025-03-01",
          amount: "1.00",
          distributions: [],
        },
      } as never);
    if (b.act === "wait")
      throw new AppError(
        "UPSTREAM",
        "Waiting for KashFlow supplier SUPOK, which may be this one, to be matched from the KashFlow side.",
        { retryClass: "TRANSIENT", reason: "WaitingForCounterpart" },
      );
    if (b.act === "boom") throw new Error("division by zero");
    // The real lookup documents make: the link this preview would make, or a wait naming the party.
    const vendor = await linkedPartyOrWait(ctx, "supplier", b.party!);
    if (isHold(vendor))
      return b.party === "SUPOK" ? waitForLink("supplier", "SUPOK", "Waiting for supplier SUPOK.") : vendor;
    return {
      plan: {
        kind: "post",
        key: `${vendor}/${b.code}`,
        command: { payload: { division: "00", vendorNo: vendor.slice(3), invoiceNo: b.code } },
      },
      warnings: [],
    };
  },
);

let companyId: string;
beforeEach(async () => {
  const owner = await createUser();
  const company = await createCompany(await createOrg(owner));
  companyId = company.id;
  // Only the two flows of this test: every real flow off.
  await saveSyncSettings(companyId, parseSyncSettings({ pausedFlows: FLOWS.map((f) => f.id) }));
  FLOWS.push(SUPPLIERS as FlowDefinition, BILLS as FlowDefinition);
});
afterEach(() => {
  for (const id of [SUPPLIERS.id, BILLS.id])
    FLOWS.splice(
      FLOWS.findIndex((f) => f.id === id),
      1,
    );
});

describe("the preview's outcomes", () => {
  it("classifies creates after a dependency, holds that follow a held party, read-only defects and errors; statuses stay", async () => {
    const run = await db.previewRun.create({ data: { companyId } });
    expect(await runPreview(run.id)).toEqual({ ran: true });
    const saved = await db.previewRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(saved).toMatchObject({ status: "DONE", error: null, leaseOwner: null });
    const { flows } = previewResultSchema.parse(saved.result);

    const suppliers = flows.find((f) => f.flowId === SUPPLIERS.id)!;
    expect(suppliers.counts).toMatchObject({ create: 1, held: 1 });
    expect(suppliers.samples.find((s) => s.document === "Supplier SUPOK")).toMatchObject({
      outcome: "create",
      target: "A/P vendor 00-SUPOK",
    });

    const bills = flows.find((f) => f.flowId === BILLS.id)!;
    // P1 through the link the preview would make; P3 after the record it waits for.
    expect(bills.counts).toEqual({ create: 2, update: 0, match: 0, held: 2, skip: 0, unchecked: 1 });
    expect(bills.afterDependency).toBe(1);
    expect(bills.samples.find((s) => s.document.startsWith("Purchase P1"))).toMatchObject({
      outcome: "create",
      target: "A/P invoice P1 for vendor 00-SUPOK",
    });
    // P2 is held for what holds its vendor, grouped with that cause (one fix releases both).
    expect(bills.held.map((g) => [g.code, g.field, g.count, g.example, g.message])).toEqual([
      [
        "NAME_REJECTED",
        "name",
        1,
        "Purchase P2",
        "Waits for a supplier that would be held: Sage 100 refuses this vendor's name.",
      ],
      ["INVALID_RECORD", "name", 1, "Purchase P6", "The purchase invoice has an invalid name: is required."],
    ]);
    expect(bills.readOnlyViolations.count).toBe(1);
    expect(bills.readOnlyViolations.examples[0]).toMatch(/^Purchase P4: Not sent to Sage 100 \(createApInvoice\)/);
    expect(bills.unchecked).toEqual([{ reason: "Unexpected error: division by zero", count: 1 }]);
    // Flows turned off are listed as off; nothing was queued for the agent; every record is still pending.
    expect(flows.find((f) => f.flowId === "stock.sage100_to_kashflow")?.state).toBe("off");
    expect(await db.sage100Command.count({ where: { companyId } })).toBe(0);
    expect(await db.syncRecord.groupBy({ by: ["status"], where: { companyId }, _count: { _all: true } })).toEqual([
      { status: "PENDING", _count: { _all: 8 } },
    ]);
    expect(saved.progress).toMatchObject({ flowsDone: 2, flowsTotal: 2, records: 8 });
  });

  it("runs the same steps under Inngest ('preview/requested'), one step per round of detect or page of records", async () => {
    const run = await db.previewRun.create({ data: { companyId } });
    const t = new InngestTestEngine({ function: previewRequested });
    const { result, ctx } = await t.execute({
      events: [{ name: PREVIEW_REQUESTED, data: { previewRunId: run.id, companyId } }],
    });
    expect(result).toEqual({ ran: true });
    expect(ctx.step.run).toHaveBeenCalledWith("claim", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("step-3", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("finish", expect.any(Function));
    const saved = await db.previewRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(saved.status).toBe("DONE");
    expect(previewResultSchema.parse(saved.result).flows.find((f) => f.flowId === BILLS.id)?.counts).toMatchObject({
      create: 2,
      held: 2,
      unchecked: 1,
    });
  });

  it("a run another runner holds is left alone; one whose runner died (lease ran out) is taken over and finished", async () => {
    const held = await db.previewRun.create({
      data: { companyId, status: "RUNNING", leaseOwner: "elsewhere", leaseUntil: new Date(Date.now() + 60_000) },
    });
    expect(await runPreview(held.id)).toEqual({ ran: false });
    await db.previewRun.update({ where: { id: held.id }, data: { leaseUntil: new Date(Date.now() - 1) } });
    expect(await runPreview(held.id)).toEqual({ ran: true });
    expect(await db.previewRun.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "DONE" });
  });

  it("counts documents dated after today, and says whether each goes at once or on its date", async () => {
    const nextMonth = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
    const dated = z.object({ code: z.string(), date: z.string() });
    const DATED: FlowDefinition<z.infer<typeof dated>, unknown> = {
      id: "test.dated",
      label: "test.dated",
      model: "sales_invoice",
      source: "KASHFLOW",
      target: "SAGE100",
      async detect(ctx) {
        const rows = [
          { externalId: "D1", payload: { code: "D1", date: nextMonth } },
          { externalId: "D2", payload: { code: "D2", date: "2025-03-01" } },
        ];
        return {
          ...(await observeRecords({
            companyId: ctx.companyId,
            system: "KASHFLOW",
            model: "sales_invoice",
            records: rows,
          })),
          complete: true,
        };
      },
      canonical: dated,
      documentDate: (r) => r.date,
      rules: async (_ctx, r) => ({
        plan: { kind: "write", key: r.code, how: "new", command: { type: "createArInvoice" }, current: null },
        warnings: [],
      }),
      validate: async () => null,
      load: async () => {
        throw new Error("a preview never loads");
      },
    };
    FLOWS.push(DATED as FlowDefinition);
    try {
      for (const futureDated of ["now", "on_date"] as const) {
        await saveSyncSettings(
          companyId,
          parseSyncSettings({
            pausedFlows: FLOWS.map((f) => f.id).filter((id) => id !== DATED.id),
            documents: { futureDated },
          }),
        );
        const run = await db.previewRun.create({ data: { companyId } });
        await runPreview(run.id);
        const flow = previewResultSchema
          .parse((await db.previewRun.findUniqueOrThrow({ where: { id: run.id } })).result)
          .flows.find((f) => f.flowId === DATED.id)!;
        expect(flow).toMatchObject({
          forwardDated: 1,
          forwardDatedWhen: futureDated,
          counts: expect.objectContaining({ held: 0, skip: 0 }),
        });
        const note = flow.samples.find((x) => x.document.includes("D1"))?.note ?? "";
        expect(note).toMatch(
          futureDated === "now" ? new RegExp(`Dated ${nextMonth}, carried at once`) : /^Waits for its date, /,
        );
      }
    } finally {
      FLOWS.splice(
        FLOWS.findIndex((f) => f.id === DATED.id),
        1,
      );
    }
  });

  it("stops when the company goes live meanwhile", async () => {
    await db.company.update({ where: { id: companyId }, data: { status: "LIVE" } });
    const run = await db.previewRun.create({ data: { companyId } });
    await runPreview(run.id);
    expect(await db.previewRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({
      status: "FAILED",
      error: "The company started syncing, so the preview stopped.",
    });
  });
});
