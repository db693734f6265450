// Retry on real Postgres: which statuses may be retried, the clean slate, the audit entry, the plain-English answer
// for held records, "retry all failed" per model, roles, and a run that moved the record first.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerFor, trpcCodeOf, trpcErrorOf } from "@/tests/factories";
import { retrySyncRecord } from "./retry-sync-record";
import { ledgerRecord, syncTenant } from "./testing/fixtures";

describe("retry", () => {
  it.each(["FAILED", "DEAD"] as const)(
    "puts a %s record back to PENDING with a clean slate and audits it",
    async (status) => {
      const t = await syncTenant();
      const record = await ledgerRecord(t.company.id, {
        status,
        attempts: 6,
        nextAttemptAt: new Date(Date.now() + 60_000),
        errorCode: "UPSTREAM",
        errorMessage: "Sage 100 timed out.",
        retryClass: "TRANSIENT",
      });
      const result = await callerFor(t.accountant).sync.retryRecord({ companyId: t.company.id, recordId: record.id });
      expect(result).toMatchObject({ status: "PENDING", wasHeld: false });
      expect(await db.syncRecord.findUniqueOrThrow({ where: { id: record.id } })).toMatchObject({
        status: "PENDING",
        attempts: 0,
        nextAttemptAt: null,
        errorCode: null,
        errorMessage: null,
        retryClass: null,
        contentHash: record.contentHash,
      });
      const audit = await db.auditLog.findFirstOrThrow({
        where: { companyId: t.company.id, action: "sync.record_retried" },
      });
      expect(audit).toMatchObject({
        orgId: t.org.id,
        actorUserId: t.accountant.id,
        targetType: "SyncRecord",
        targetId: record.id,
      });
      expect(audit.details).toMatchObject({
        from: status,
        externalId: record.externalId,
        model: "customer",
        attempts: 6,
        error: "Sage 100 timed out.",
      });
    },
  );

  it("retries a HELD record but says plainly it will be held again unless the cause is fixed", async () => {
    const t = await syncTenant();
    const record = await ledgerRecord(t.company.id, {
      status: "HELD",
      errorCode: "INVALID_RECORD",
      errorMessage: "The customer has an invalid billingAddress.postCode: is required.",
      errorField: "billingAddress.postCode",
      retryClass: "NEEDS_USER",
    });
    const result = await callerFor(t.owner).sync.retryRecord({ companyId: t.company.id, recordId: record.id });
    expect(result.wasHeld).toBe(true);
    expect(result.message).toContain("invalid billingAddress.postCode");
    expect(result.message).toContain("it will be held again");
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: record.id } })).status).toBe("PENDING");
  });

  it.each(["SYNCED", "PENDING", "SKIPPED"] as const)(
    "refuses to retry a %s record and changes nothing",
    async (status) => {
      const t = await syncTenant();
      const record = await ledgerRecord(t.company.id, { status });
      const error = await trpcErrorOf(
        callerFor(t.owner).sync.retryRecord({ companyId: t.company.id, recordId: record.id }),
      );
      expect(error.code).toBe("PRECONDITION_FAILED");
      expect(error.message).toMatch(/Only failed, dead or held records can be retried/);
      expect((await db.syncRecord.findUniqueOrThrow({ where: { id: record.id } })).updatedAt).toEqual(record.updatedAt);
      expect(await db.auditLog.count({ where: { companyId: t.company.id } })).toBe(0);
    },
  );

  it("lets a viewer look but not retry", async () => {
    const t = await syncTenant();
    const record = await ledgerRecord(t.company.id, { status: "DEAD" });
    expect(
      await trpcCodeOf(callerFor(t.viewer).sync.retryRecord({ companyId: t.company.id, recordId: record.id })),
    ).toBe("FORBIDDEN");
    expect(await trpcCodeOf(callerFor(t.viewer).sync.retryFailed({ companyId: t.company.id, model: "customer" }))).toBe(
      "FORBIDDEN",
    );
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: record.id } })).status).toBe("DEAD");
  });

  it("retries every FAILED and DEAD record of one model, leaving held ones, other models and other companies alone", async () => {
    const t = await syncTenant();
    const other = await syncTenant();
    const c = t.company.id;
    const failed = await ledgerRecord(c, { status: "FAILED", attempts: 2 });
    const dead = await ledgerRecord(c, { status: "DEAD", attempts: 6 });
    const deadSage = await ledgerRecord(c, { system: "SAGE100", status: "DEAD" });
    const held = await ledgerRecord(c, { status: "HELD" });
    const supplier = await ledgerRecord(c, { model: "supplier", status: "FAILED" });
    const foreign = await ledgerRecord(other.company.id, { status: "DEAD" });

    expect(await callerFor(t.owner).sync.retryFailed({ companyId: c, model: "customer", system: "KASHFLOW" })).toEqual({
      count: 2,
    });
    const statusOf = async (id: string) => (await db.syncRecord.findUniqueOrThrow({ where: { id } })).status;
    expect(await statusOf(failed.id)).toBe("PENDING");
    expect(await statusOf(dead.id)).toBe("PENDING");
    expect(await statusOf(deadSage.id)).toBe("DEAD");
    expect(await statusOf(held.id)).toBe("HELD");
    expect(await statusOf(supplier.id)).toBe("FAILED");
    expect(await statusOf(foreign.id)).toBe("DEAD");
    expect(
      (await db.auditLog.findFirstOrThrow({ where: { companyId: c, action: "sync.failed_retried" } })).details,
    ).toEqual({ model: "customer", count: 2, system: "KASHFLOW" });

    // Both systems when none is named; nothing to do writes no audit entry.
    expect(await callerFor(t.owner).sync.retryFailed({ companyId: c, model: "customer" })).toEqual({ count: 1 });
    expect(await statusOf(deadSage.id)).toBe("PENDING");
    expect(await callerFor(t.owner).sync.retryFailed({ companyId: c, model: "customer" })).toEqual({ count: 0 });
    expect(await db.auditLog.count({ where: { companyId: c, action: "sync.failed_retried" } })).toBe(2);
    expect(await db.auditLog.count({ where: { companyId: other.company.id } })).toBe(0);
  });

  it("a retry that lost the race to a run (the record moved meanwhile) says so and writes nothing", async () => {
    const t = await syncTenant();
    const record = await ledgerRecord(t.company.id, { status: "FAILED" });
    let retry!: Promise<unknown>;
    // A run holds the row and marks it SYNCED; the retry read FAILED before that commit and waits on the row.
    await db.$transaction(async (tx) => {
      await tx.syncRecord.update({ where: { id: record.id }, data: { status: "SYNCED" } });
      retry = retrySyncRecord({
        orgId: t.org.id,
        companyId: t.company.id,
        userId: t.owner.id,
        recordId: record.id,
      }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    expect(await retry).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/changed while you were looking/),
    });
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: record.id } })).status).toBe("SYNCED");
    expect(await db.auditLog.count({ where: { companyId: t.company.id } })).toBe(0);
  });
});
