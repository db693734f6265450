// A record that waits on another: pending but not due, shown as waiting (not held for a person), released by the
// engine once the awaited record has synced; and the migration that moved the old "wait:…" holds to the columns.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { healthOfCompanies } from "@/server/services/health/company-health";
import { waitingForOf } from "@/server/services/sync/waiting-for";
import { context, memoryTarget, testFlow, type Thing } from "../testing/memory-flow";
import { runFlow } from "../engine/run-loop";
import type { FlowDefinition } from "../engine/flow";
import { readFlowState } from "../engine/flow-state";
import { SALES_INVOICE_STATE } from "../flows/sales-invoices/state";
import { waitOn } from "./waiting-on";

const later = () => ({ nextRunAt: new Date(Date.now() + 60_000) });
const itemOf = (companyId: string, externalId: string) =>
  db.syncRecord.findUniqueOrThrow({
    where: { companyId_system_model_externalId: { companyId, system: "KASHFLOW", model: "item", externalId } },
  });

/** Items whose name is a customer code: each waits on that KashFlow customer until the customer is linked. */
function itemsOfCustomers(
  source: Map<string, unknown>,
  target: ReturnType<typeof memoryTarget>,
): FlowDefinition<Thing, Thing> {
  const base = testFlow(source, target);
  return {
    ...base,
    async rules(ctx, record, meta) {
      const link = await db.entityLink.findUnique({
        where: { companyId_model_kashflowId: { companyId: ctx.companyId, model: "customer", kashflowId: record.name } },
      });
      if (!link)
        return waitOn(
          { system: "KASHFLOW", model: "customer", externalId: record.name },
          `Waiting for customer ${record.name} to reach Sage 100.`,
        );
      return base.rules(ctx, record, meta);
    },
  };
}

describe("a record waiting on another record", () => {
  it("waits pending and not due, is shown as waiting (not held), and goes by itself once the record it waits on has synced", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([
      ["W1", { code: "W1", name: "ACME", qty: 1 }],
      ["FREE", { code: "FREE", name: "NOBODY", qty: -1 }],
    ]);
    const target = memoryTarget();
    const flow = itemsOfCustomers(source, target);
    const customer = await db.syncRecord.create({
      data: {
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: "customer",
        externalId: "ACME",
        contentHash: "h",
        payload: { code: "ACME", name: "Acme Ltd" },
        status: "HELD",
        errorCode: "NAME_REQUIRED",
        errorMessage: "The customer has no contact.",
        lastSeenAt: new Date(),
      },
    });

    const first = await runFlow(ctx, flow, later());
    expect(first.counts).toMatchObject({ WAITING: 2, HELD: 0 });
    expect(await itemOf(ctx.companyId, "W1")).toMatchObject({
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: null,
      heldBy: null,
      retryClass: null,
      errorCode: "WAITING_FOR_RECORD",
      errorMessage: "Waiting for customer ACME to reach Sage 100.",
      waitingOnSystem: "KASHFLOW",
      waitingOnModel: "customer",
      waitingOnExternalId: "ACME",
    });
    const w1 = await itemOf(ctx.companyId, "W1");
    expect(
      await db.syncAttempt.findMany({ where: { recordId: w1.id }, select: { outcome: true, errorCode: true } }),
    ).toEqual([{ outcome: "WAITING", errorCode: "WAITING_FOR_RECORD" }]);

    // What a person sees: waiting for the customer by code and name, that customer's own problem, and no hold.
    const [waiting] = [...(await waitingForOf(ctx.companyId, [w1])).values()];
    expect(waiting).toMatchObject({
      label: "Customer ACME · Acme Ltd",
      recordId: customer.id,
      status: "HELD",
      problem: "The customer has no contact.",
    });
    const health = (await healthOfCompanies([ctx.companyId])).get(ctx.companyId)!;
    expect(health.counts).toMatchObject({ waiting: 2, held: 1, pending: 0 });
    expect(health.problems.filter((p) => p.kind === "held_records").map((p) => p.sentence)).toEqual([
      "1 customer is held for a person.",
    ]);

    // Not due: a second run neither reprocesses nor writes another attempt.
    const second = await runFlow(ctx, flow, later());
    expect(second.counts).toMatchObject({ WAITING: 0, SYNCED: 0 });
    expect(await db.syncAttempt.count({ where: { recordId: w1.id } })).toBe(1);

    // The customer reaches Sage 100 (synced, linked): the next run releases W1 and carries it; FREE keeps waiting.
    await db.syncRecord.update({
      where: { id: customer.id },
      data: { status: "SYNCED", counterpartId: "ACME", errorCode: null, errorMessage: null },
    });
    await db.entityLink.create({
      data: { companyId: ctx.companyId, model: "customer", kashflowId: "ACME", sage100Key: "01-ACME" },
    });
    const third = await runFlow(ctx, flow, later());
    expect(third.counts).toMatchObject({ SYNCED: 1 });
    expect(await itemOf(ctx.companyId, "W1")).toMatchObject({
      status: "SYNCED",
      waitingOnModel: null,
      waitingOnExternalId: null,
      errorCode: null,
    });
    expect(target.rows.get("W1")).toMatchObject({ code: "W1" });
    expect(await itemOf(ctx.companyId, "FREE")).toMatchObject({ status: "PENDING", waitingOnExternalId: "NOBODY" });
  });

  it("a change at the source stops the wait: the record is due again with its new content", async () => {
    const ctx = await context();
    const source = new Map<string, unknown>([["W2", { code: "W2", name: "GONE", qty: 1 }]]);
    const target = memoryTarget();
    const flow = itemsOfCustomers(source, target);
    await runFlow(ctx, flow, later());
    expect(await itemOf(ctx.companyId, "W2")).toMatchObject({ status: "PENDING", waitingOnExternalId: "GONE" });
    await db.entityLink.create({
      data: { companyId: ctx.companyId, model: "customer", kashflowId: "THERE", sage100Key: "01-THERE" },
    });
    source.set("W2", { code: "W2", name: "THERE", qty: 1 });
    await runFlow(ctx, flow, later());
    expect(await itemOf(ctx.companyId, "W2")).toMatchObject({ status: "SYNCED", waitingOnModel: null });
  });
});

describe("the migration to typed waits and flow state", () => {
  const sql = () => {
    const dir = path.join(process.cwd(), "prisma/migrations");
    const name = readdirSync(dir).find((d) => d.endsWith("_engine_waiting_on_flow_state"))!;
    const text = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    // Its data moves of waits and flow state only (the columns and table exist already in the test database).
    return text.slice(
      text.indexOf("-- Records held waiting for another record"),
      text.indexOf("-- What payments and purchases wrote"),
    );
  };

  it("moves 'wait:…' and customer holds to waitingOn columns, and the cursor row to FlowState", async () => {
    const ctx = await context();
    const base = {
      companyId: ctx.companyId,
      system: "KASHFLOW" as const,
      contentHash: "h",
      lastSeenAt: new Date(),
      retryClass: "NEEDS_USER",
      heldBy: "RULES",
    };
    await db.syncRecord.createMany({
      data: [
        {
          ...base,
          model: "payment",
          externalId: "P1",
          payload: {},
          status: "HELD",
          errorCode: "WAITING_FOR_RECORD",
          errorField: "wait:sales_invoice:1042",
          errorMessage: "Waiting for KashFlow invoice 1042.",
        },
        {
          ...base,
          model: "sales_invoice",
          externalId: "1043",
          payload: {},
          status: "HELD",
          errorCode: "CUSTOMER_NOT_SYNCED",
          errorField: "customer:ACME:01",
          errorMessage: "Customer ACME:01 is not in Sage 100 yet.",
        },
        {
          ...base,
          model: "sales_invoice",
          externalId: "1044",
          payload: {},
          status: "HELD",
          errorCode: "MAPPING_MISSING",
          errorField: "mapping:vat_to_tax_class:5",
        },
        {
          ...base,
          model: "cursor",
          externalId: "sales_invoices.kashflow_to_sage100",
          status: "SKIPPED",
          retryClass: null,
          heldBy: null,
          payload: {
            audit: { lastTransactionNumber: 7, lastCreatedAt: "2025-03-01T10:00:00" },
            startDate: "2025-01-01",
            initial: null,
            openEnded: true,
            batches: { "00012": "2025-03-01" },
          },
        },
      ],
    });
    await db.$executeRawUnsafe(`DO $$ BEGIN ${sql().replace(/--[^\n]*\n/g, "\n")} END $$`);

    const row = (model: string, externalId: string) =>
      db.syncRecord.findUnique({
        where: {
          companyId_system_model_externalId: { companyId: ctx.companyId, system: "KASHFLOW", model, externalId },
        },
      });
    expect(await row("payment", "P1")).toMatchObject({
      status: "PENDING",
      errorCode: "WAITING_FOR_RECORD",
      errorField: null,
      heldBy: null,
      retryClass: null,
      waitingOnSystem: "KASHFLOW",
      waitingOnModel: "sales_invoice",
      waitingOnExternalId: "1042",
      errorMessage: "Waiting for KashFlow invoice 1042.",
    });
    expect(await row("sales_invoice", "1043")).toMatchObject({
      status: "PENDING",
      errorCode: "WAITING_FOR_RECORD",
      waitingOnModel: "customer",
      waitingOnExternalId: "ACME:01",
    });
    expect(await row("sales_invoice", "1044")).toMatchObject({
      status: "HELD",
      errorCode: "MAPPING_MISSING",
      waitingOnModel: null,
    });
    expect(await row("cursor", "sales_invoices.kashflow_to_sage100")).toBeNull();
    expect(await readFlowState(SALES_INVOICE_STATE, ctx.companyId)).toEqual({
      audit: { lastTransactionNumber: 7, lastCreatedAt: "2025-03-01T10:00:00" },
      startDate: "2025-01-01",
      initial: null,
      openEnded: true,
      batches: { "00012": "2025-03-01" },
    });
  });
});
