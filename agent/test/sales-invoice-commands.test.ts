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
    expect(await run({ type: "checkPostingDate", payload: { date: "2025-03-14" } })).toMatchObject({ status: "done", result: { open: true, firstOpenDate: "2025-03-14" } });
    expect(await run({ type: "checkPostingDate", payload: { date: "2025-01-15" } })).toMatchObject({
      status: "done",
      result: { date: "2025-01-15", open: false, firstOpenDate: "2025-02-01", code: "PERIOD_CLOSED", period: "2025-01" },
    });
    // Before the first fiscal year: the first open period, not the first day of the calendar.
    expect(await run({ type: "checkPostingDate", payload: { date: "2024-11-30", journal: "GL_GENERAL" } })).toMatchObject({ result: { open: false, firstOpenDate: "2025-02-01", code: "PERIOD_CLOSED" } });
    // Asking writes nothing.
    expect(rows("GL_CompanyActiveBatch")).toHaveLength(0);
  });

  it("a date past the allowed window is refused and never moved", async () => {
    const { run, sim } = setup();
    sim.updateOptions("ABC", { restrictAccountingDate: true });
    expect(await run({ type: "checkPostingDate", payload: { date: "2025-06-10" } })).toMatchObject({ result: { open: false, firstOpenDate: null, code: "PERIOD_CLOSED" } });
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
    const entered = await run({ type: "createArInvoice", payload: { invoiceNo: "K000009", customerNo: "ACME", invoiceDate: "2025-03-15", lines: [{ itemCode: "/SERVICE", amount: "10.00" }] } });
    expect(entered).toMatchObject({ status: "done", result: { state: "pending" } });
    expect(await run({ type: "deleteArInvoice", payload: { invoiceNo: "K000009" } })).toMatchObject({ status: "done", result: { state: "deleted", batchNo: "00001" } });
    expect(rows("AR_InvoiceHeader")).toHaveLength(0);
    expect(rows("AR_InvoiceDetail")).toHaveLength(0);
    expect(await run({ type: "deleteArInvoice", payload: { invoiceNo: "K000009" } }, 2)).toMatchObject({ status: "done", result: { state: "absent" } });
    await run({ type: "createArInvoice", payload: { invoiceNo: "K000010", customerNo: "ACME", invoiceDate: "2025-03-15", lines: [{ itemCode: "/SERVICE", amount: "10.00" }], batch: { post: true } } });
    expect(await run({ type: "deleteArInvoice", payload: { invoiceNo: "K000010" } })).toMatchObject({ status: "done", result: { state: "posted" } });
    expect(rows("AR_InvoiceHistoryHeader").filter((r) => r.InvoiceNo === "K000010")).toHaveLength(1);
  });
});
