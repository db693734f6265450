// The mappings screen's services on real Postgres: listing per kind with waiting keys first, adding (refusing a key
// already mapped), changing, removing, field errors in plain words, the count of released records, and choices.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { mappingField } from "@/server/sync/mappings/kinds";
import { ledgerRecord, syncTenant } from "@/server/services/sync/testing/fixtures";
import { callerFor, trpcCodeOf, trpcErrorOf } from "@/tests/factories";
import { parseMappingField } from "./list-mappings";

const held = (companyId: string, field: string, externalId?: string) =>
  ledgerRecord(companyId, {
    model: "sales_invoice",
    externalId,
    status: "HELD",
    errorCode: "MAPPING_MISSING",
    errorField: field,
    errorMessage: "held",
    retryClass: "NEEDS_USER",
    payload: { number: externalId ?? "1" },
  });

describe("mappings", () => {
  it("lists every kind, with the keys held records wait for (and how many) before the entries", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    await held(c, mappingField("nominal_to_gl", "4000"), "INV-1");
    await held(c, mappingField("nominal_to_gl", "4000"), "INV-2");
    await held(c, mappingField("payment_method_to_bank", "Card: Visa"), "PAY-1");
    await ledgerRecord(c, { status: "HELD", errorCode: "FX_MISSING", errorField: "fx:EUR:USD:2026-11-20" });
    await db.mappingEntry.create({
      data: { companyId: c, kind: "vat_to_tax_class", sourceKey: "20", targetValue: "TX" },
    });

    const view = await callerFor(t.viewer).mappings.list({ companyId: c });
    expect(view.kinds.map((k) => k.kind)).toEqual([
      "nominal_to_gl",
      "vat_to_tax_class",
      "payment_method_to_bank",
      "bank_account_to_gl",
    ]);
    expect(view.waitingRecords).toBe(3);
    const nominal = view.kinds.find((k) => k.kind === "nominal_to_gl")!;
    expect(nominal.waiting).toEqual([
      {
        key: "4000",
        count: 2,
        ask: "Map KashFlow nominal 4000 to a Sage 100 G/L account.",
        exampleRecordId: expect.any(String),
        mappedTo: null,
      },
    ]);
    expect(view.kinds.find((k) => k.kind === "payment_method_to_bank")!.waiting[0]).toMatchObject({
      key: "Card: Visa",
      count: 1,
    });
    expect(view.kinds.find((k) => k.kind === "vat_to_tax_class")!.entries).toEqual([
      expect.objectContaining({ sourceKey: "20", targetValue: "TX", waiting: 0 }),
    ]);
  });

  it("adds an entry, releasing exactly the records that waited for it, and says how many; the key then leaves the waiting list", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const a = await held(c, mappingField("nominal_to_gl", "4000"));
    const b = await held(c, mappingField("nominal_to_gl", "4000"));
    const other = await held(c, mappingField("nominal_to_gl", "4010"));
    const added = await callerFor(t.accountant).mappings.add({
      companyId: c,
      kind: "nominal_to_gl",
      sourceKey: " 4000 ",
      targetValue: "4000-00",
      note: "Sales",
    });
    expect(added).toMatchObject({ sourceKey: "4000", targetValue: "4000-00", released: 2 });
    const statuses = await db.syncRecord.findMany({
      where: { id: { in: [a.id, b.id, other.id] } },
      select: { id: true, status: true },
    });
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [a.id]: "PENDING",
      [b.id]: "PENDING",
      [other.id]: "HELD",
    });
    const view = await callerFor(t.viewer).mappings.list({ companyId: c });
    const nominal = view.kinds.find((k) => k.kind === "nominal_to_gl")!;
    expect(nominal.waiting.map((w) => w.key)).toEqual(["4010"]);
    expect(nominal.entries).toEqual([
      expect.objectContaining({ sourceKey: "4000", targetValue: "4000-00", note: "Sales", updatedBy: "accountant" }),
    ]);
    expect(await db.auditLog.count({ where: { companyId: c, action: "mapping.saved" } })).toBe(1);
  });

  it("refuses a key that is already mapped, empty fields and malformed values, on their fields, writing nothing", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const caller = callerFor(t.owner);
    await caller.mappings.add({ companyId: c, kind: "payment_method_to_bank", sourceKey: "2", targetValue: "a" });
    const dup = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "payment_method_to_bank", sourceKey: "2", targetValue: "B" }),
    );
    expect(dup.code).toBe("CONFLICT");
    expect(dup.cause).toMatchObject({
      fieldErrors: { sourceKey: ["2 is already mapped to A. Change that entry instead."] },
    });

    const empty = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "vat_to_tax_class", sourceKey: " ", targetValue: "" }),
    );
    expect(empty.code).toBe("BAD_REQUEST");
    expect(empty.cause).toMatchObject({
      fieldErrors: {
        sourceKey: ["Enter the VAT rate (%), or EXEMPT."],
        targetValue: ["Enter the Sage 100 tax class."],
      },
    });

    const bad = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "nominal_to_gl", sourceKey: "Sales", targetValue: "4000 00" }),
    );
    expect(bad.cause).toMatchObject({
      fieldErrors: {
        sourceKey: ["KashFlow nominal codes are numbers such as 4000."],
        targetValue: ["Use the formatted account, such as 4000-00."],
      },
    });
    expect(await db.mappingEntry.count({ where: { companyId: c } })).toBe(1);
  });

  it("changes an entry's value (its key stays) and releases what waited; removes an entry; viewers can do neither", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const entry = await db.mappingEntry.create({
      data: { companyId: c, kind: "bank_account_to_gl", sourceKey: "1200", targetValue: "1000-00" },
    });
    const waiting = await held(c, mappingField("bank_account_to_gl", "1200"));
    expect(
      await trpcCodeOf(
        callerFor(t.viewer).mappings.update({ companyId: c, mappingId: entry.id, targetValue: "1010-00" }),
      ),
    ).toBe("FORBIDDEN");
    const bad = await trpcErrorOf(
      callerFor(t.accountant).mappings.update({ companyId: c, mappingId: entry.id, targetValue: "10 10" }),
    );
    expect(bad.cause).toMatchObject({ fieldErrors: { targetValue: ["Use the formatted account, such as 1010-00."] } });
    const changed = await callerFor(t.accountant).mappings.update({
      companyId: c,
      mappingId: entry.id,
      targetValue: "1010-00",
      note: null,
    });
    expect(changed).toMatchObject({ id: entry.id, sourceKey: "1200", targetValue: "1010-00", released: 1 });
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("PENDING");

    expect(await trpcCodeOf(callerFor(t.viewer).mappings.delete({ companyId: c, mappingId: entry.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await callerFor(t.accountant).mappings.delete({ companyId: c, mappingId: entry.id })).toEqual({
      deleted: true,
    });
    expect(await db.mappingEntry.count({ where: { companyId: c } })).toBe(0);
    expect(await trpcCodeOf(callerFor(t.accountant).mappings.delete({ companyId: c, mappingId: entry.id }))).toBe(
      "NOT_FOUND",
    );
  });

  it("another company's entry is not found from this one", async () => {
    const t = await syncTenant();
    const other = await syncTenant();
    const foreign = await db.mappingEntry.create({
      data: { companyId: other.company.id, kind: "nominal_to_gl", sourceKey: "4000", targetValue: "4000-00" },
    });
    expect(
      await trpcCodeOf(
        callerFor(t.owner).mappings.update({ companyId: t.company.id, mappingId: foreign.id, targetValue: "4010-00" }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await trpcCodeOf(callerFor(t.owner).mappings.delete({ companyId: t.company.id, mappingId: foreign.id })),
    ).toBe("NOT_FOUND");
    expect((await db.mappingEntry.findUniqueOrThrow({ where: { id: foreign.id } })).targetValue).toBe("4000-00");
  });

  it("offers free text when neither side can be listed: KashFlow not connected, no sandbox, values already used", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    await db.mappingEntry.create({
      data: { companyId: c, kind: "nominal_to_gl", sourceKey: "4000", targetValue: "4000-00" },
    });
    await db.mappingEntry.create({
      data: { companyId: c, kind: "bank_account_to_gl", sourceKey: "1200", targetValue: "1000-00" },
    });
    const choices = await callerFor(t.viewer).mappings.choices({ companyId: c, kind: "nominal_to_gl" });
    expect(choices.source).toEqual({ options: [], from: null, problem: "KashFlow is not connected, so type the key." });
    expect(choices.target.options.map((o) => o.value)).toEqual(["1000-00", "4000-00"]);
    expect(choices.target.from).toBe("values your mappings already use");
  });

  it("reads a waiting key out of the held record's field", () => {
    expect(parseMappingField("mapping:nominal_to_gl:4000")).toEqual({ kind: "nominal_to_gl", key: "4000" });
    expect(parseMappingField("mapping:payment_method_to_bank:Card: Visa")).toEqual({
      kind: "payment_method_to_bank",
      key: "Card: Visa",
    });
    expect(parseMappingField("mapping:unknown:1")).toBeNull();
    expect(parseMappingField("fx:GBP:USD:2026-11-20")).toBeNull();
  });
});

describe("mapping choices from a connected KashFlow", () => {
  it("offers KashFlow's nominals, VAT rates, payment methods and bank accounts as the keys the flows use", async () => {
    const { createKashflowSandbox } = await import("@/sandbox/kashflow");
    const { connectWithPassword } = await import("@/server/services/kashflow/connect-with-password");
    const sandbox = createKashflowSandbox({ adminKey: "choices-test" });
    const { url, close } = await sandbox.listen(0);
    try {
      const t = await syncTenant();
      const account = sandbox.createAccount({ DataSet: "demo", Seed: 3, AnchorDate: "2026-11-01" });
      await connectWithPassword({
        orgId: t.org.id,
        companyId: t.company.id,
        userId: t.owner.id,
        username: account.UserName,
        password: account.Password,
        memorableWord: account.MemorableWord,
        apiBaseUrl: `${url}/v2`,
      });
      const caller = callerFor(t.viewer);
      const nominals = await caller.mappings.choices({ companyId: t.company.id, kind: "nominal_to_gl" });
      expect(nominals.source.from).toBe("KashFlow");
      expect(nominals.source.options.map((o) => o.value)).toEqual(expect.arrayContaining(["4000", "5000"]));
      expect(nominals.source.options.find((o) => o.value === "4000")!.label).toMatch(/^4000 · /);
      const vat = await caller.mappings.choices({ companyId: t.company.id, kind: "vat_to_tax_class" });
      expect(vat.source.options.map((o) => o.value)).toEqual(expect.arrayContaining(["20", "5", "0", "EXEMPT"]));
      const methods = await caller.mappings.choices({ companyId: t.company.id, kind: "payment_method_to_bank" });
      expect(methods.source.options.length).toBeGreaterThan(0);
      expect(methods.source.options.every((o) => /^\d+$/.test(o.value))).toBe(true);
      const banks = await caller.mappings.choices({ companyId: t.company.id, kind: "bank_account_to_gl" });
      expect(banks.source.options.length).toBeGreaterThan(0);
      // No sandbox Sage 100 runs for this company, so Sage's side is typed (nothing used yet either).
      expect(banks.target).toMatchObject({ options: [], from: null });
    } finally {
      await close();
      await sandbox.close();
    }
  });
});
