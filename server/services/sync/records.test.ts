// The records view on real Postgres: filters, text search (ids, names inside the payload, errors), keyset paging
// both ways, and a record's timeline with its counterpart and link.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerFor, trpcCodeOf } from "@/tests/factories";
import { bulkRecords, ledgerRecord, syncTenant } from "./testing/fixtures";

describe("records view", () => {
  it("filters by model, system and status, and searches ids, payload names and error messages", async () => {
    const t = await syncTenant();
    const other = await syncTenant();
    const c = t.company.id;
    await ledgerRecord(c, {
      externalId: "CUST-ACME",
      payload: { code: "CUST-ACME", name: "Acme Trading Ltd" },
      status: "SYNCED",
      counterpartId: "00-ACME001",
    });
    await ledgerRecord(c, {
      externalId: "CUST-BOLT",
      payload: { code: "CUST-BOLT", name: "Bolt & Nut_Co" },
      status: "HELD",
      errorMessage: "The postcode is missing.",
      errorField: "billingAddress.postCode",
      warnings: [{ field: "name", message: "shortened" }],
    });
    await ledgerRecord(c, {
      externalId: "SUP-ACME",
      model: "supplier",
      payload: { code: "SUP-ACME", name: "Acme Supplies" },
      status: "FAILED",
      errorMessage: "Sage 100 timed out.",
    });
    await ledgerRecord(c, {
      system: "SAGE100",
      externalId: "00-ACME001",
      payload: { code: "ACME001", name: "Acme Trading Ltd" },
      status: "SYNCED",
    });
    await ledgerRecord(other.company.id, {
      externalId: "CUST-ACME-OTHER",
      payload: { name: "Acme of another tenant" },
    });
    const list = (filter: Record<string, unknown>) =>
      callerFor(t.viewer)
        .sync.listRecords({ companyId: c, ...filter })
        .then((p) => p.rows.map((r) => r.externalId).sort());

    expect(await list({})).toEqual(["00-ACME001", "CUST-ACME", "CUST-BOLT", "SUP-ACME"]);
    expect(await list({ model: "supplier" })).toEqual(["SUP-ACME"]);
    expect(await list({ system: "SAGE100" })).toEqual(["00-ACME001"]);
    expect(await list({ status: "HELD" })).toEqual(["CUST-BOLT"]);
    expect(await list({ model: "customer", system: "KASHFLOW", status: "SYNCED" })).toEqual(["CUST-ACME"]);
    // Text: external id, counterpart id, the name inside the payload (any case), the error message.
    expect(await list({ q: "acme" })).toEqual(["00-ACME001", "CUST-ACME", "SUP-ACME"]);
    expect(await list({ q: "00-ACME001", system: "KASHFLOW" })).toEqual(["CUST-ACME"]);
    expect(await list({ q: "trading" })).toEqual(["00-ACME001", "CUST-ACME"]);
    expect(await list({ q: "timed out" })).toEqual(["SUP-ACME"]);
    // LIKE wildcards are searched for literally.
    expect(await list({ q: "nut_co" })).toEqual(["CUST-BOLT"]);
    expect(await list({ q: "%" })).toEqual([]);

    const [held] = (await callerFor(t.viewer).sync.listRecords({ companyId: c, status: "HELD" })).rows;
    expect(held).toMatchObject({
      name: "Bolt & Nut_Co",
      errorMessage: "The postcode is missing.",
      errorField: "billingAddress.postCode",
      warningCount: 1,
    });
  });

  it("pages forwards and backwards by keyset without gaps or repeats", async () => {
    const t = await syncTenant();
    await bulkRecords(t.company.id, 120);
    const as = callerFor(t.owner);
    const seen: string[] = [];
    const pages: { first: string; nextAfter: string | null; prevBefore: string | null }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await as.sync.listRecords({ companyId: t.company.id, after, limit: 50 });
      seen.push(...page.rows.map((r) => r.externalId));
      pages.push({ first: page.rows[0]!.id, nextAfter: page.nextAfter, prevBefore: page.prevBefore });
      if (!page.nextAfter) break;
      after = page.nextAfter;
    }
    expect(pages.map((p) => p.prevBefore === null)).toEqual([true, false, false]);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    // Newest first: the last created comes first.
    expect(seen[0]).toBe("BULK-00119");
    expect(seen[119]).toBe("BULK-00000");
    // Back from the third page lands exactly on the second.
    const back = await as.sync.listRecords({ companyId: t.company.id, before: pages[2]!.prevBefore!, limit: 50 });
    expect(back.rows.map((r) => r.externalId)).toEqual(seen.slice(50, 100));
    expect(back.prevBefore).toBe(pages[1]!.first);
    const firstAgain = await as.sync.listRecords({ companyId: t.company.id, before: back.prevBefore!, limit: 50 });
    expect(firstAgain.rows.map((r) => r.externalId)).toEqual(seen.slice(0, 50));
    expect(firstAgain.prevBefore).toBeNull();
    // Filters page too.
    const filtered = await as.sync.listRecords({ companyId: t.company.id, q: "bulk 00", limit: 60 });
    expect(filtered.rows).toHaveLength(60);
    expect(filtered.nextAfter).not.toBeNull();
  });

  it("shows a record that waits on another as waiting for it, by code and name, with the page of the one it waits for", async () => {
    const t = await syncTenant();
    const c = t.company.id;
    const customer = await ledgerRecord(c, {
      externalId: "ACME",
      payload: { code: "ACME", name: "Acme Ltd" },
      status: "HELD",
      errorMessage: "The customer has no name in Sage 100's format.",
    });
    const invoice = await ledgerRecord(c, {
      model: "sales_invoice",
      externalId: "1042",
      payload: { number: "1042", customerName: "Acme Ltd" },
      status: "PENDING",
      errorCode: "WAITING_FOR_RECORD",
      errorMessage: "Waiting for customer ACME to reach Sage 100.",
    });
    await db.syncRecord.update({
      where: { id: invoice.id },
      data: { waitingOnSystem: "KASHFLOW", waitingOnModel: "customer", waitingOnExternalId: "ACME" },
    });
    const page = await callerFor(t.viewer).sync.listRecords({ companyId: c, model: "sales_invoice" });
    expect(page.rows.map((r) => r.waitingFor)).toEqual([
      {
        label: "Customer ACME · Acme Ltd",
        system: "KASHFLOW",
        model: "customer",
        externalId: "ACME",
        recordId: customer.id,
        status: "HELD",
        problem: "The customer has no name in Sage 100's format.",
      },
    ]);
    expect(
      (await callerFor(t.viewer).sync.getRecord({ companyId: c, recordId: invoice.id })).record.waitingFor,
    ).toMatchObject({ label: "Customer ACME · Acme Ltd", recordId: customer.id });
    // The customer itself waits on nothing.
    expect(
      (await callerFor(t.viewer).sync.listRecords({ companyId: c, model: "customer" })).rows.map((r) => r.waitingFor),
    ).toEqual([null]);
  });

  it("refuses malformed filters with field errors", async () => {
    const t = await syncTenant();
    const as = callerFor(t.owner);
    expect(await trpcCodeOf(as.sync.listRecords({ companyId: t.company.id, status: "LOST" as never }))).toBe(
      "BAD_REQUEST",
    );
    expect(await trpcCodeOf(as.sync.listRecords({ companyId: t.company.id, after: "x' OR 1=1 --" }))).toBe(
      "BAD_REQUEST",
    );
    expect(await trpcCodeOf(as.sync.listRecords({ companyId: t.company.id, q: "x".repeat(101) }))).toBe("BAD_REQUEST");
  });

  it("shows a record's timeline newest first (its counterpart's attempts too), the counterpart, the entity link and warnings", async () => {
    const t = await syncTenant();
    const other = await syncTenant();
    const c = t.company.id;
    const record = await ledgerRecord(c, {
      externalId: "CUST-7",
      counterpartId: "00-CUST007",
      payload: { code: "CUST-7", name: "Seven Ltd" },
      warnings: [{ field: "billingAddress.lines.3", message: "County moved into address line 3" }],
    });
    const counterpart = await ledgerRecord(c, {
      system: "SAGE100",
      externalId: "00-CUST007",
      payload: { name: "Seven Ltd" },
    });
    await db.entityLink.create({
      data: { companyId: c, model: "customer", kashflowId: "CUST-7", sage100Key: "00-CUST007" },
    });
    const t0 = Date.now() - 60_000;
    await db.syncAttempt.create({
      data: {
        companyId: c,
        recordId: record.id,
        flow: "customers.test",
        outcome: "FAILED",
        request: { CustomerName: "Seven Ltd" },
        errorCode: "UPSTREAM",
        errorMessage: "Sage 100 timed out.",
        retryClass: "TRANSIENT",
        startedAt: new Date(t0),
        finishedAt: new Date(t0 + 1500),
      },
    });
    await db.syncAttempt.create({
      data: {
        companyId: c,
        recordId: record.id,
        flow: "customers.test",
        outcome: "SYNCED",
        request: { CustomerName: "Seven Ltd" },
        response: { CustomerNo: "CUST007" },
        startedAt: new Date(t0 + 30_000),
        finishedAt: new Date(t0 + 30_400),
      },
    });

    // A change made in Sage 100 and carried back is part of the same customer's timeline.
    await db.syncAttempt.create({
      data: {
        companyId: c,
        recordId: counterpart.id,
        flow: "customers.back",
        outcome: "SYNCED",
        request: { name: "Seven Ltd" },
        startedAt: new Date(t0 + 50_000),
        finishedAt: new Date(t0 + 50_200),
      },
    });
    await db.syncAttempt.create({
      data: {
        companyId: other.company.id,
        recordId: (await ledgerRecord(other.company.id)).id,
        flow: "customers.test",
        outcome: "SYNCED",
        startedAt: new Date(t0 + 55_000),
      },
    });

    const detail = await callerFor(t.viewer).sync.getRecord({ companyId: c, recordId: record.id });
    expect(detail.record).toMatchObject({
      externalId: "CUST-7",
      name: "Seven Ltd",
      warnings: [{ field: "billingAddress.lines.3", message: "County moved into address line 3" }],
    });
    expect(detail.attempts.map((a) => [a.flow, a.outcome, a.ofCounterpart])).toEqual([
      ["customers.back", "SYNCED", true],
      ["customers.test", "SYNCED", false],
      ["customers.test", "FAILED", false],
    ]);
    expect(detail.attempts[2]).toMatchObject({
      errorMessage: "Sage 100 timed out.",
      retryClass: "TRANSIENT",
      durationMs: 1500,
      request: { CustomerName: "Seven Ltd" },
    });
    expect(detail.attempts[1]!.response).toEqual({ CustomerNo: "CUST007" });
    expect(detail.attemptCount).toBe(3);
    expect(detail.counterpart).toMatchObject({
      id: counterpart.id,
      system: "SAGE100",
      externalId: "00-CUST007",
      name: "Seven Ltd",
    });
    expect(detail.link).toMatchObject({ kashflowId: "CUST-7", sage100Key: "00-CUST007" });
  });

  it("finds another company's record nowhere, even through the caller's own company", async () => {
    const mine = await syncTenant();
    const theirs = await syncTenant();
    const foreign = await ledgerRecord(theirs.company.id, { status: "DEAD" });
    expect(
      await trpcCodeOf(callerFor(mine.owner).sync.getRecord({ companyId: mine.company.id, recordId: foreign.id })),
    ).toBe("NOT_FOUND");
    expect(
      await trpcCodeOf(callerFor(mine.owner).sync.retryRecord({ companyId: mine.company.id, recordId: foreign.id })),
    ).toBe("NOT_FOUND");
    expect(
      await trpcCodeOf(callerFor(mine.owner).sync.getRecord({ companyId: theirs.company.id, recordId: foreign.id })),
    ).toBe("NOT_FOUND");
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("DEAD");
  });
});
