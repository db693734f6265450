// createApManualCheck through the simulator driver: a supplier payment as an A/P manual check, found again rather
// than entered twice, with Sage's own refusals classified; the check and the bill's open item read over ODBC.
import { afterEach, describe, expect, it } from "vitest";
import { newDriver } from "./helpers";

let current: ReturnType<typeof newDriver> | undefined;
const setup = (options?: Parameters<typeof newDriver>[0]) => (current = newDriver(options));
afterEach(async () => {
  await current?.driver.close();
  current = undefined;
});

/** A posted POWERCO bill of 300.00. */
async function bill(run: ReturnType<typeof newDriver>["run"], invoiceNo = "E-100", amount = "300.00") {
  const done = await run({
    type: "createApInvoice",
    payload: {
      vendorNo: "POWERCO",
      invoiceNo,
      invoiceDate: "2025-03-05",
      amount,
      distributions: [{ account: "6200-00", amount }],
      batch: { post: true },
    },
  });
  expect(done).toMatchObject({ status: "done", result: { state: "posted" } });
}

const check = (
  o: {
    checkNo?: string;
    amount?: string;
    vendorNo?: string;
    post?: boolean;
    applications?: { invoiceNo: string; amount: string }[];
  } = {},
) => ({
  type: "createApManualCheck" as const,
  payload: {
    vendorNo: o.vendorNo ?? "POWERCO",
    bankCode: "A",
    checkNo: o.checkNo ?? "KF5001",
    checkDate: "2025-03-20",
    amount: o.amount ?? "300.00",
    comment: "KashFlow purchase 12",
    applications: o.applications ?? [{ invoiceNo: "E-100", amount: o.amount ?? "300.00" }],
    batch: { post: o.post ?? true },
  },
});

describe("createApManualCheck", () => {
  it("enters and posts a check that pays the bill; a re-delivery finds the posted check and enters none", async () => {
    const { run, rows } = setup();
    await bill(run);
    expect(await run(check())).toMatchObject({
      status: "done",
      result: { bankCode: "A", checkNo: "KF5001", vendorNo: "POWERCO", created: true, state: "posted" },
    });
    expect(await run(check(), 2)).toMatchObject({ status: "done", result: { created: false, state: "posted" } });
    expect(rows("AP_CheckHistoryHeader").filter((r) => r.CheckNo === "KF5001")).toEqual([
      expect.objectContaining({ CheckAmt: 300, CheckType: "M", CheckDate: "20250320" }),
    ]);
    expect(
      await run({ type: "findDocument", payload: { kind: "apOpenInvoice", vendorNo: "POWERCO", invoiceNo: "E-100" } }),
    ).toMatchObject({ result: { found: true, record: { Balance: 0, PendingChecksAmt: 0 } } });
    expect(
      await run({ type: "findDocument", payload: { kind: "apManualCheck", bankCode: "a", checkNo: "kf5001" } }),
    ).toMatchObject({ result: { found: true, state: "posted", record: { CheckAmt: 300, VendorNo: "POWERCO" } } });
  });

  it("a check left in its batch is found pending, and posted by the delivery that asks for posting", async () => {
    const { run, rows } = setup();
    await bill(run);
    expect(await run(check({ amount: "100.00", post: false }))).toMatchObject({
      result: { created: true, state: "pending", batchNo: expect.stringMatching(/^\d{5}$/) },
    });
    expect(
      await run({ type: "findDocument", payload: { kind: "apManualCheck", bankCode: "A", checkNo: "KF5001" } }),
    ).toMatchObject({ result: { found: true, state: "pending" } });
    // Sage lowers the balance only when the check posts: the pending check is reported beside it.
    expect(
      await run({ type: "findDocument", payload: { kind: "apOpenInvoice", vendorNo: "POWERCO", invoiceNo: "E-100" } }),
    ).toMatchObject({ result: { record: { Balance: 300, PendingChecksAmt: 100 } } });
    expect(await run(check({ amount: "100.00", post: true }), 2)).toMatchObject({
      result: { created: false, state: "posted" },
    });
    expect(rows("AP_ManualCheckHeader")).toHaveLength(0);
    expect(rows("AP_OpenInvoice").find((r) => r.InvoiceNo === "E-100")).toMatchObject({ Balance: 200 });
  });

  it("the same number on another vendor's check is not adopted", async () => {
    const { run } = setup();
    await bill(run);
    await run(check());
    expect(await run(check({ vendorNo: "OFFSUPP" }))).toMatchObject({
      status: "failed",
      error: {
        code: "DUPLICATE",
        retryClass: "NEEDS_USER",
        field: "checkNo",
        message: expect.stringContaining("vendor 00-POWERCO"),
      },
    });
  });

  it("Sage's refusals reach the server in plain words: more than the bill has open, a bill not open, out of balance", async () => {
    const { run, rows } = setup();
    await bill(run);
    expect(await run(check({ amount: "300.01" }))).toMatchObject({
      status: "failed",
      error: {
        code: "INVALID_VALUE",
        retryClass: "NEEDS_USER",
        field: "applications.0.amount",
        message: expect.stringContaining("more than invoice E-100's open balance"),
      },
    });
    expect(await run(check({ applications: [{ invoiceNo: "NOPE", amount: "300.00" }] }))).toMatchObject({
      status: "failed",
      error: { code: "NOT_FOUND", field: "applications.0.invoiceNo" },
    });
    expect(
      await run(check({ amount: "300.00", applications: [{ invoiceNo: "E-100", amount: "200.00" }] })),
    ).toMatchObject({ status: "failed", error: { code: "OUT_OF_BALANCE" } });
    expect(rows("AP_ManualCheckHeader")).toHaveLength(0);
  });

  it("an exchange difference travels as a G/L line of the same check", async () => {
    const { run, rows } = setup();
    await bill(run);
    const done = await run({
      ...check({ amount: "295.50" }),
      payload: {
        ...check().payload,
        amount: "295.50",
        accountLines: [{ account: "7150-00", amount: "-4.50", comment: "Exchange difference" }],
      },
    });
    expect(done).toMatchObject({ status: "done", result: { created: true, state: "posted" } });
    expect(rows("AP_OpenInvoice").find((r) => r.InvoiceNo === "E-100")).toMatchObject({ Balance: 0 });
    expect(rows("AP_CheckHistoryDetail").map((d) => [d.InvoiceNo, d.AmountPaid])).toEqual([
      ["E-100", 300],
      ["", -4.5],
    ]);
  });

  it("the manual check register answers whether a date is open", async () => {
    const { run } = setup();
    expect(await run({ type: "checkPostingDate", payload: { date: "2025-01-20", journal: "AP_CHECK" } })).toMatchObject(
      { result: { open: false, firstOpenDate: "2025-02-01", code: "PERIOD_CLOSED", period: "2025-01" } },
    );
  });
});
