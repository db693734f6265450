// What was written to Sage 100 is kept on the record, the latest plan of each kind, and outlives pruned attempts;
// the migration filled it from the attempts of records carried before.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { context } from "../testing/memory-flow";
import { lastWritten, rememberWritten } from "./written";

async function payment(companyId: string, externalId: string) {
  return db.syncRecord.create({
    data: {
      companyId,
      system: "KASHFLOW",
      model: "payment",
      externalId,
      contentHash: "h",
      payload: {},
      status: "SYNCED",
      lastSeenAt: new Date(),
    },
  });
}

describe("what was written to the other system", () => {
  it("keeps the latest plan of each kind, and answers the latest of the kinds asked for", async () => {
    const ctx = await context();
    const r = await payment(ctx.companyId, "PAY-1");
    expect(await lastWritten(r.id, ["receipt"])).toBeNull();
    await rememberWritten(r.id, { kind: "receipt", checkNo: "KF1" } as { kind: string });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await rememberWritten(r.id, { kind: "adopt", checkNo: "KF1-found" } as { kind: string });
    expect(await lastWritten(r.id, ["receipt"])).toEqual({ kind: "receipt", checkNo: "KF1" });
    expect(await lastWritten(r.id, ["receipt", "adopt"])).toEqual({ kind: "adopt", checkNo: "KF1-found" });
    // Attempts pruned by retention take nothing with them.
    await db.syncAttempt.deleteMany({ where: { recordId: r.id } });
    expect(await lastWritten(r.id, ["reverse"])).toBeNull();
    expect(await lastWritten(r.id, ["receipt", "adopt"])).toEqual({ kind: "adopt", checkNo: "KF1-found" });
  });

  it("the migration fills it from each record's latest SYNCED attempt of each kind", async () => {
    const ctx = await context();
    const r = await payment(ctx.companyId, "PAY-2");
    const at = (iso: string) => new Date(iso);
    await db.syncAttempt.createMany({
      data: [
        {
          companyId: ctx.companyId,
          recordId: r.id,
          flow: "payments.kashflow_to_sage100",
          outcome: "SYNCED",
          request: { kind: "receipt", checkNo: "old" },
          startedAt: at("2025-01-01T10:00:00Z"),
        },
        {
          companyId: ctx.companyId,
          recordId: r.id,
          flow: "payments.kashflow_to_sage100",
          outcome: "SYNCED",
          request: { kind: "receipt", checkNo: "new" },
          startedAt: at("2025-02-01T10:00:00Z"),
        },
        {
          companyId: ctx.companyId,
          recordId: r.id,
          flow: "payments.kashflow_to_sage100",
          outcome: "FAILED",
          request: { kind: "receipt", checkNo: "failed" },
          startedAt: at("2025-03-01T10:00:00Z"),
        },
        {
          companyId: ctx.companyId,
          recordId: r.id,
          flow: "payments.kashflow_to_sage100",
          outcome: "SYNCED",
          request: { kind: "unchanged" },
          startedAt: at("2025-04-01T10:00:00Z"),
        },
      ],
    });
    const dir = path.join(process.cwd(), "prisma/migrations");
    const text = readFileSync(
      path.join(dir, readdirSync(dir).find((d) => d.endsWith("_engine_waiting_on_flow_state"))!, "migration.sql"),
      "utf8",
    );
    const fill = text.slice(text.indexOf("-- What payments and purchases wrote")).replace(/--[^\n]*\n/g, "\n");
    await db.$executeRawUnsafe(
      fill.replace(`WHERE r."id" = w."recordId"`, `WHERE r."id" = w."recordId" AND r."companyId" = '${ctx.companyId}'`),
    );
    expect(await lastWritten(r.id, ["receipt"])).toEqual({ kind: "receipt", checkNo: "new" });
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: r.id } })).written).toEqual({
      receipt: { at: "2025-02-01T10:00:00.000Z", plan: { kind: "receipt", checkNo: "new" } },
    });
  });
});
