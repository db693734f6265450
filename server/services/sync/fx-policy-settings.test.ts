// The FX policy on the sync settings form (issue 14 §9): owners and admins may opt into the latest rate up to N days
// old; accountants may save the rest of the form but not this; opting in releases exactly the documents held for a
// rate that now exists within N days, and the change is audited.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { saveFxRates } from "@/server/sync/mappings/fx";
import { loadSyncSettings } from "@/server/sync/settings";
import { addMember, callerFor, trpcErrorOf } from "@/tests/factories";
import { ledgerRecord, syncTenant } from "./testing/fixtures";

const heldFor = (companyId: string, field: string, number: string) =>
  ledgerRecord(companyId, {
    model: "sales_invoice",
    externalId: number,
    status: "HELD",
    errorCode: "FX_MISSING",
    errorField: field,
    errorMessage: "Enter the rate",
    retryClass: "NEEDS_USER",
    payload: { number, customerName: `Customer of ${number}` },
  });

describe("FX policy in sync settings", () => {
  it("only owners and admins opt into older rates; opting in releases the documents a rate within N days now converts", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const admin = (await addMember(t.org, "ADMIN")).user;
    await saveFxRates({
      orgId: t.org.id,
      companyId: c,
      userId: t.owner.id,
      source: "manual",
      rates: [{ fromCurrency: "EUR", toCurrency: "USD", day: "2026-12-29", rate: "1.0812" }],
    });
    const threeDays = await heldFor(c, "fx:EUR:USD:2027-01-01", "51");
    const tooOld = await heldFor(c, "fx:EUR:USD:2027-01-09", "52");
    const otherPair = await heldFor(c, "fx:GBP:USD:2027-01-01", "53");

    const form = await callerFor(t.accountant).sync.getSettings({ companyId: c });
    expect(form.fx).toEqual({ useLatestRate: false, maxAgeDays: 7 });
    const refused = await trpcErrorOf(
      callerFor(t.accountant).sync.updateSettings({
        companyId: c,
        ...form,
        fx: { useLatestRate: true, maxAgeDays: 7 },
      }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect((await loadSyncSettings(c)).fx.useLatestRate).toBe(false);
    // The rest of the form is still the accountant's to save.
    await callerFor(t.accountant).sync.updateSettings({ companyId: c, ...form, pollMinutes: 20 });
    expect((await loadSyncSettings(c)).pollMinutes).toBe(20);

    const outOfRange = await trpcErrorOf(
      callerFor(admin).sync.updateSettings({ companyId: c, ...form, fx: { useLatestRate: true, maxAgeDays: 31 } }),
    );
    expect(outOfRange.code).toBe("BAD_REQUEST");

    const saved = await callerFor(admin).sync.updateSettings({
      companyId: c,
      ...form,
      pollMinutes: 20,
      fx: { useLatestRate: true, maxAgeDays: 7 },
    });
    expect(saved.fx).toEqual({ useLatestRate: true, maxAgeDays: 7 });
    const status = async (r: { id: string }) => (await db.syncRecord.findUniqueOrThrow({ where: { id: r.id } })).status;
    expect([await status(threeDays), await status(tooOld), await status(otherPair)]).toEqual([
      "PENDING",
      "HELD",
      "HELD",
    ]);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { companyId: c, action: "sync.settings_updated", actorUserId: admin.id },
    });
    expect(audit.details).toEqual({ changed: ["fx.useLatestRate"], releasedForRate: 1 });
    // The FX page says how old a rate will do.
    const view = await callerFor(t.viewer).fx.list({ companyId: c });
    expect(view.maxAgeDays).toBe(7);
    expect(view.waiting.find((w) => w.day === "2027-01-09")).toMatchObject({ earliestDay: "2027-01-02" });
  });
});
