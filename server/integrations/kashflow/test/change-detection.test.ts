// Change detection (§9): the pure sweep diff with its grace window, the audit fold, and both against the
// sandbox: the audit report after create / edit / pay / delete, and customer sweeps over several runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  diffSweep,
  documentsToRefresh,
  hashesOf,
  summariseAudit,
  type AuditCursor,
  type SweepState,
} from "../change-detection";
import { customerToParty, partyHash } from "../mappers";
import type { KfAuditRow } from "../schemas/audit";
import { createAccount, failure, makeClient, startSandbox, type Harness } from "./harness";

const at = (iso: string) => new Date(iso);
const sweep = (entries: Record<string, string>, when: string, complete = true) => ({
  complete,
  at: at(when),
  hashes: new Map(Object.entries(entries)),
});

describe("diffSweep", () => {
  it("first sweep: everything is inserted", () => {
    const d = diffSweep({}, sweep({ A: "1", B: "2" }, "2026-01-01T00:00:00Z"));
    expect(d).toMatchObject({ inserted: ["A", "B"], changed: [], unchanged: [], missing: [], deleted: [] });
    expect(d.next.A).toEqual({ hash: "1", lastSeenAt: "2026-01-01T00:00:00.000Z" });
  });

  it("sorts records into changed and unchanged by hash", () => {
    const s1 = diffSweep({}, sweep({ A: "1", B: "2" }, "2026-01-01T00:00:00Z")).next;
    const d = diffSweep(s1, sweep({ A: "1", B: "3", C: "4" }, "2026-01-02T00:00:00Z"));
    expect(d).toMatchObject({ inserted: ["C"], changed: ["B"], unchanged: ["A"], missing: [], deleted: [] });
  });

  it("a record absent from complete sweeps is deleted only after the grace window (2 sweeps by default)", () => {
    let state: SweepState = diffSweep({}, sweep({ A: "1", B: "2" }, "2026-01-01T00:00:00Z")).next;
    const first = diffSweep(state, sweep({ A: "1" }, "2026-01-02T00:00:00Z"));
    expect(first).toMatchObject({ missing: ["B"], deleted: [] });
    expect(first.next.B).toMatchObject({ hash: "2", missingSince: "2026-01-02T00:00:00.000Z", missingSweeps: 1 });
    state = first.next;
    const second = diffSweep(state, sweep({ A: "1" }, "2026-01-03T00:00:00Z"));
    expect(second).toMatchObject({ missing: [], deleted: ["B"] });
    expect(second.next.B).toBeUndefined();
  });

  it("a partial or failed sweep never marks anything missing and never advances the grace window", () => {
    let state = diffSweep({}, sweep({ A: "1", B: "2" }, "2026-01-01T00:00:00Z")).next;
    state = diffSweep(state, sweep({ A: "1" }, "2026-01-02T00:00:00Z")).next;
    const partial = diffSweep(state, sweep({ A: "9", C: "3" }, "2026-01-03T00:00:00Z", false));
    expect(partial).toMatchObject({ inserted: ["C"], changed: ["A"], missing: [], deleted: [] });
    expect(partial.next.B).toEqual(state.B);
    const nothing = diffSweep(partial.next, sweep({}, "2026-01-04T00:00:00Z", false));
    expect(nothing.deleted).toEqual([]);
    expect(nothing.next).toEqual(partial.next);
  });

  it("a record that comes back is present again, changed or not", () => {
    let state = diffSweep({}, sweep({ A: "1", B: "2" }, "2026-01-01T00:00:00Z")).next;
    state = diffSweep(state, sweep({ A: "1" }, "2026-01-02T00:00:00Z")).next;
    const back = diffSweep(state, sweep({ A: "1", B: "2" }, "2026-01-03T00:00:00Z"));
    expect(back).toMatchObject({ unchanged: ["A", "B"], missing: [], deleted: [] });
    expect(back.next.B).toEqual({ hash: "2", lastSeenAt: "2026-01-03T00:00:00.000Z" });
    // Its grace window starts again from nothing.
    expect(diffSweep(back.next, sweep({ A: "1" }, "2026-01-04T00:00:00Z")).missing).toEqual(["B"]);
  });

  it("a duration grace window counts time since the record went missing", () => {
    const grace = { durationMs: 24 * 3600_000 };
    let state = diffSweep({}, sweep({ A: "1", B: "2" }, "2026-01-01T00:00:00Z"), grace).next;
    state = diffSweep(state, sweep({ A: "1" }, "2026-01-01T06:00:00Z"), grace).next;
    const later = diffSweep(state, sweep({ A: "1" }, "2026-01-01T20:00:00Z"), grace);
    expect(later.missing).toEqual(["B"]);
    expect(diffSweep(later.next, sweep({ A: "1" }, "2026-01-02T06:00:00Z"), grace).deleted).toEqual(["B"]);
  });

  it("sweeps and duration together: all (default) needs both, any needs one", () => {
    const both = { sweeps: 2, durationMs: 48 * 3600_000 };
    let state = diffSweep({}, sweep({ B: "2" }, "2026-01-01T00:00:00Z")).next;
    state = diffSweep(state, sweep({}, "2026-01-01T01:00:00Z"), both).next;
    const twoSweepsSoon = diffSweep(state, sweep({}, "2026-01-01T02:00:00Z"), both);
    expect(twoSweepsSoon.deleted).toEqual([]);
    expect(diffSweep(state, sweep({}, "2026-01-01T02:00:00Z"), { ...both, require: "any" }).deleted).toEqual(["B"]);
    expect(diffSweep(twoSweepsSoon.next, sweep({}, "2026-01-03T01:00:00Z"), both).deleted).toEqual(["B"]);
  });
});

const row = (n: number, type: string, entity: number, extra: Partial<KfAuditRow> = {}): KfAuditRow => ({
  TransactionNumber: n,
  TransactionType: type,
  EntityNumber: entity,
  EntityId: extra.EntityId ?? entity,
  IsDeleted: false,
  CreatedDate: `2026-01-01T10:00:${String(n).padStart(2, "0")}`,
  ...extra,
});

describe("summariseAudit", () => {
  it("one change per document (the last wins), payments keyed by their line, cursor advanced", () => {
    const start: AuditCursor = { lastTransactionNumber: 10, lastCreatedAt: null };
    const rows = [
      row(9, "SI", 1),
      row(11, "SI", 5),
      row(12, "SI", 5),
      row(13, "SR", 5, { EntityId: 77 }),
      row(14, "PI", 2),
      row(15, "PI", 2, { IsDeleted: true }),
      row(16, "ZZ", 3),
    ];
    const { changes, unknown, cursor } = summariseAudit(rows, start);
    expect(changes).toEqual([
      { entity: "sales_invoice", documentNumber: 5, entityId: null, action: "upsert", transactionNumber: 12 },
      { entity: "invoice_payment", documentNumber: 5, entityId: 77, action: "upsert", transactionNumber: 13 },
      { entity: "purchase_invoice", documentNumber: 2, entityId: null, action: "delete", transactionNumber: 15 },
    ]);
    expect(unknown.map((u) => u.TransactionNumber)).toEqual([16]);
    expect(cursor).toEqual({ lastTransactionNumber: 16, lastCreatedAt: "2026-01-01T10:00:16" });
    expect(documentsToRefresh(changes)).toEqual({
      salesInvoices: { upsert: [5], delete: [] },
      purchaseInvoices: { upsert: [], delete: [2] },
    });
  });
});

describe("change detection against the sandbox", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(async () => {
    await h.close();
  });

  it("the audit report shows a created, edited, paid and deleted invoice, once each, after the cursor", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    const baseline = await client.auditChanges({});
    expect(baseline.changes.length).toBeGreaterThan(0);
    expect((await client.auditChanges({ cursor: baseline.cursor })).changes).toEqual([]);

    const line = { Description: "Consultancy", Quantity: 1, Rate: 100, VATLevel: 20, NominalCode: 4000 };
    const created = await client.invoices.create({
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-02 12:00:00",
      LineItems: [line],
    });
    const afterCreate = await client.auditChanges({ cursor: baseline.cursor });
    expect(afterCreate.changes).toEqual([
      expect.objectContaining({ entity: "sales_invoice", documentNumber: created.Number, action: "upsert" }),
    ]);

    await client.invoices.update(created.Number, {
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-02 12:00:00",
      LineItems: [{ ...line, Quantity: 2 }],
    });
    const { payment } = await client.invoices.addPayment(created.Number, {
      Date: "2026-03-05 12:00:00",
      Amount: 240,
      Method: (await client.paymentMethods("invoice"))[0]!.Id,
      AccountId: 1,
    });
    const afterEdit = await client.auditChanges({ cursor: afterCreate.cursor });
    expect(afterEdit.changes).toEqual([
      expect.objectContaining({ entity: "sales_invoice", documentNumber: created.Number, action: "upsert" }),
      expect.objectContaining({
        entity: "invoice_payment",
        documentNumber: created.Number,
        entityId: payment.Id,
        action: "upsert",
      }),
    ]);

    await client.invoices.delete(created.Number);
    const afterDelete = await client.auditChanges({ cursor: afterEdit.cursor });
    expect(afterDelete.changes).toContainEqual(
      expect.objectContaining({ entity: "sales_invoice", documentNumber: created.Number, action: "delete" }),
    );
    expect(documentsToRefresh(afterDelete.changes).salesInvoices).toEqual({ upsert: [], delete: [created.Number] });
    expect(afterDelete.cursor.lastTransactionNumber).toBeGreaterThan(afterEdit.cursor.lastTransactionNumber);
    expect((await client.auditChanges({ cursor: afterDelete.cursor })).changes).toEqual([]);
  });

  it("customer sweeps: inserted, changed, missing within the grace window, then deleted", async () => {
    const acc = await createAccount(h, { Seed: 2 });
    const { client } = makeClient(h, acc);
    const sweepNow = async (when: string) => {
      const result = await client.customers.sweep();
      const parties = result.records.map(customerToParty);
      return {
        complete: result.complete,
        at: at(when),
        hashes: hashesOf(parties, (p) => p.code.toUpperCase(), partyHash),
      };
    };
    const first = diffSweep({}, await sweepNow("2026-01-01T00:00:00Z"));
    expect(first.inserted.length).toBeGreaterThan(5);
    const [victim, edited] = first.inserted;

    await client.customers.update(edited!, { Name: "Renamed Trading Ltd" });
    await client.customers.delete(victim!);
    await client.customers.create({ Code: "NEW01", Name: "Newcomer Ltd" });
    const second = diffSweep(first.next, await sweepNow("2026-01-02T00:00:00Z"));
    expect(second).toMatchObject({ inserted: ["NEW01"], changed: [edited], missing: [victim], deleted: [] });

    const third = diffSweep(second.next, await sweepNow("2026-01-03T00:00:00Z"));
    expect(third).toMatchObject({ inserted: [], changed: [], missing: [], deleted: [victim] });
    expect(third.unchanged.length).toBe(first.inserted.length);
  });

  it("a sweep that fails part-way throws, so nothing can be diffed from it", async () => {
    const acc = await createAccount(h, { Seed: 2 });
    await h.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "serverError",
      Status: 500,
      Path: "/customers",
    });
    const { client } = makeClient(h, acc, { limits: { maxRetries: 1 } });
    expect(await failure(client.customers.sweep())).toMatchObject({ retryClass: "TRANSIENT" });
  });

  it("content hashes ignore balances: paying an invoice does not change its customer", async () => {
    const acc = await createAccount(h, { Seed: 1, AnchorDate: "2026-03-31" });
    const { client } = makeClient(h, acc);
    const before = partyHash(customerToParty(await client.customers.get("CRO01")));
    const invoice = await client.invoices.get(18);
    await client.invoices.addPayment(18, {
      Date: "2026-03-30 12:00:00",
      Amount: Number(invoice.DueAmount),
      Method: 409844,
      AccountId: 1,
    });
    const after = await client.customers.get("CRO01");
    expect(partyHash(customerToParty(after))).toBe(before);
  });
});
