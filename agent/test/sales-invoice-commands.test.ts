// The commands the sales-invoice flow added: a posting date checked against Sage's fiscal calendar (and the first
// open day found past a closed period), and an unposted invoice taken out of its batch.
import { afterEach, describe, expect, it } from "vitest";
import { dayAfter } from "../src/commands/check-posting-date";
import { newDriver } from "./helpers";

let current: ReturnType<typeof newDriver> | undefined;
const setup = () => (current = newDriver());
afterEach(async () => {
  await current?.driver.close();
  current = undefined;
});

describe("checkPostingDate", () => {
  it("an open date is open; January 2025 (closed in company ABC) moves to 1 February, the first open day", async () => {
    const { run, rows } = setup();
    expect(await run({ type: "checkPostingDate", payload: { date: "2025-03-14" } })).toMatchObject({
      status: "done",
      result: { open: true, firstOpenDate: "2025-03-14", periodStart: "2025-03-01", periodEnd: "2025-03-31" },
    });
    expect(await run({ type: "checkPostingDate", payload: { date: "2025-01-15" } })).toMatchObject({
      status: "done",
      result: {
        date: "2025-01-15",
        open: false,
        firstOpenDate: "2025-02-01",
        code: "PERIOD_CLOSED",
        period: "2025-01",
        periodStart: "2025-01-01",
        periodEnd: "2025-01-31",
      },
    });
    // Before the first fiscal year: the first open period, not the first day of the calendar.
    expect(
      await run({ type: "checkPostingDate", payload: { date: "2024-11-30", journal: "GL_GENERAL" } }),
    ).toMatchObject({ result: { open: false, firstOpenDate: "2025-02-01", code: "PERIOD_CLOSED" } });
    // Asking writes nothing.
    expect(rows("GL_CompanyActiveBatch")).toHaveLength(0);
  });

  it("a date past the allowed window is refused and never moved", async () => {
    const { run, sim } = setup();
    sim.updateOptions("ABC", { restrictAccountingDate: true });
    expect(await run({ type: "checkPostingDate", payload: { date: "2025-06-10" } })).toMatchObject({
      result: { open: false, firstOpenDate: null, code: "PERIOD_CLOSED" },
    });
  });

  it("dayAfter crosses months and years", () => {
    expect(dayAfter("2025-01-31")).toBe("2025-02-01");
    expect(dayAfter("2024-12-31")).toBe("2025-01-01");
    expect(dayAfter("2024-02-28")).toBe("2024-02-29");
  });
});

describe("deleteArInvoice", () => {
  it("takes an unposted invoice out of its batch, leaves a posted one, and answers absent when it is gone", async () => {
    const { run, rows } = setup();
    const entered = await run({
      type: "createArInvoice",
      payload: {
        invoiceNo: "K000009",
        customerNo: "ACME",
        invoiceDate: "2025-03-15",
        lines: [{ itemCode: "/SERVICE", amount: "10.00" }],
      },
    });
    expect(entered).toMatchObject({ status: "done", result: { state: "pending" } });
    expect(await run({ type: "deleteArInvoice", payload: { invoiceNo: "K000009" } })).toMatchObject({
      status: "done",
      result: { state: "deleted", batchNo: "00001" },
    });
    expect(rows("AR_InvoiceHeader")).toHaveLength(0);
    expect(rows("AR_InvoiceDetail")).toHaveLength(0);
    expect(await run({ type: "deleteArInvoice", payload: { invoiceNo: "K000009" } }, 2)).toMatchObject({
      status: "done",
      result: { state: "absent" },
    });
    await run({
      type: "createArInvoice",
      payload: {
        invoiceNo: "K000010",
        customerNo: "ACME",
        invoiceDate: "2025-03-15",
        lines: [{ itemCode: "/SERVICE", amount: "10.00" }],
        batch: { post: true },
      },
    });
    expect(await run({ type: "deleteArInvoice", payload: { invoiceNo: "K000010" } })).toMatchObject({
      status: "done",
      result: { state: "posted" },
    });
    expect(rows("AR_InvoiceHistoryHeader").filter((r) => r.InvoiceNo === "K000010")).toHaveLength(1);
  });
});

describe("createArInvoices", () => {
  const invoice = (invoiceNo: string, customerNo = "ACME") => ({
    invoiceNo,
    customerNo,
    invoiceDate: "2025-03-15",
    lines: [{ itemCode: "/SERVICE", amount: "10.00" }],
  });

  it("enters several invoices into one new batch; one Sage refuses is that invoice's result; run again, none is doubled", async () => {
    const { run, rows } = setup();
    const command = {
      type: "createArInvoices" as const,
      payload: {
        invoices: [invoice("K000001"), invoice("K000002", "EVERGREEN"), invoice("K000003")],
        batch: { comment: "Ledgerlink 2025-03-15" },
      },
    };
    const first = await run(command);
    expect(first).toMatchObject({
      status: "done",
      result: {
        batchNo: "00001",
        results: [
          { ok: true, invoiceNo: "K000001", created: true, state: "pending", batchNo: "00001" },
          { ok: false, invoiceNo: "K000002", error: { code: "INACTIVE", retryClass: "NEEDS_USER" } },
          { ok: true, invoiceNo: "K000003", created: true, batchNo: "00001" },
        ],
      },
    });
    expect(await run(command, 2)).toMatchObject({
      status: "done",
      result: { results: [{ ok: true, created: false }, { ok: false }, { ok: true, created: false }] },
    });
    expect(rows("AR_InvoiceHeader").map((r) => r.InvoiceNo)).toEqual(["K000001", "K000003"]);
    expect(rows("GL_CompanyActiveBatch")).toHaveLength(1);
  });

  it("a batch that cannot be used fails the whole command (retried as a whole), and post posts what it entered", async () => {
    const { run, rows } = setup();
    expect(
      await run({ type: "createArInvoices", payload: { invoices: [invoice("K000004")], batch: { batchNo: "00077" } } }),
    ).toMatchObject({ status: "failed", error: { code: "NOT_FOUND", field: "batch.batchNo" } });
    expect(
      await run({
        type: "createArInvoices",
        payload: { invoices: [invoice("K000004"), invoice("K000005")], batch: { post: true } },
      }),
    ).toMatchObject({
      status: "done",
      result: {
        results: [
          { ok: true, state: "posted" },
          { ok: true, state: "posted" },
        ],
      },
    });
    expect(rows("AR_InvoiceHistoryHeader").filter((r) => String(r.InvoiceNo).startsWith("K"))).toHaveLength(2);
  });
});

describe("createArInvoiceBatches and postBatches", () => {
  const invoice = (invoiceNo: string, invoiceDate: string) => ({
    invoiceNo,
    customerNo: "ACME",
    invoiceDate,
    lines: [{ itemCode: "/SERVICE", amount: "10.00" }],
  });

  it("enters each date's invoices into its own batch in one command; a batch Sage refuses fails only its group; posting several batches reports each", async () => {
    const { run, rows } = setup();
    const entered = await run({
      type: "createArInvoiceBatches",
      payload: {
        groups: [
          { invoices: [invoice("K000021", "2025-03-15"), invoice("K000022", "2025-03-15")], batch: { comment: "a" } },
          { invoices: [invoice("K000023", "2025-03-16")], batch: { batchNo: "00077" } },
          { invoices: [invoice("K000024", "2025-03-17")], batch: { comment: "c" } },
        ],
      },
    });
    expect(entered).toMatchObject({
      status: "done",
      result: {
        groups: [
          {
            ok: true,
            batchNo: "00001",
            results: [
              { ok: true, created: true },
              { ok: true, created: true },
            ],
          },
          { ok: false, error: { code: "NOT_FOUND" } },
          { ok: true, batchNo: "00002", results: [{ ok: true, invoiceNo: "K000024", batchNo: "00002" }] },
        ],
      },
    });
    expect(rows("AR_InvoiceHeader").map((r) => r.InvoiceNo)).toEqual(["K000021", "K000022", "K000024"]);
    const posted = await run({
      type: "postBatches",
      payload: {
        journal: "AR_SALES",
        batches: [
          { batchNo: "00001", postingDate: "2025-03-15" },
          { batchNo: "00077", postingDate: "2025-03-16" },
          { batchNo: "00002", postingDate: "2025-03-17" },
        ],
      },
    });
    expect(posted).toMatchObject({
      status: "done",
      result: {
        results: [
          { ok: true, batchNo: "00001", posted: true, alreadyPosted: false },
          { ok: false, batchNo: "00077", error: { code: "NOT_FOUND" } },
          { ok: true, batchNo: "00002", posted: true },
        ],
      },
    });
    expect(rows("AR_InvoiceHeader")).toHaveLength(0);
    expect(
      rows("AR_InvoiceHistoryHeader")
        .map((r) => String(r.InvoiceNo))
        .filter((no) => no.startsWith("K")),
    ).toEqual(["K000021", "K000022", "K000024"]);
  });
});
