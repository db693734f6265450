// The command logic, written once against the BOI object API, exercised through the simulator driver.
import { afterEach, describe, expect, it } from "vitest";
import { newDriver } from "./helpers";

let current: ReturnType<typeof newDriver> | undefined;
const setup = (options?: Parameters<typeof newDriver>[0]) => (current = newDriver(options));
afterEach(async () => {
  await current?.driver.close();
  current = undefined;
});

describe("masters", () => {
  it("upsertCustomer creates, then writes only changed fields, and never writes an unchanged record", async () => {
    const { run, rows } = setup();
    expect(
      await run({
        type: "upsertCustomer",
        payload: { customerNo: "new1", name: "New One", state: "tx", creditLimit: "1500.00" },
      }),
    ).toMatchObject({
      status: "done",
      result: { division: "00", customerNo: "NEW1", created: true, changed: ["name", "state", "creditLimit"] },
    });
    const stamp = rows("AR_Customer").find((r) => r.CustomerNo === "NEW1")?.TimeUpdated;
    expect(
      await run({
        type: "upsertCustomer",
        payload: { customerNo: "NEW1", name: "New One", state: "TX", creditLimit: "1500" },
      }),
    ).toMatchObject({ result: { created: false, changed: [] } });
    expect(rows("AR_Customer").find((r) => r.CustomerNo === "NEW1")).toMatchObject({
      TimeUpdated: stamp,
      State: "TX",
      CreditLimit: 1500,
    });
  });

  it("upsertVendor and upsertItem", async () => {
    const { run, rows } = setup();
    expect(
      await run({
        type: "upsertVendor",
        payload: { vendorNo: "V100", name: "Supplies Inc", termsCode: "01", expenseAccount: "6000-00" },
      }),
    ).toMatchObject({ status: "done", result: { vendorNo: "V100", created: true } });
    expect(rows("AP_Vendor").find((r) => r.VendorNo === "V100")).toMatchObject({
      VendorName: "Supplies Inc",
      AccountKey: "000000013",
    });
    // The formatted account is compared through its AccountKey: the same vendor again is no write at all.
    expect(
      await run({
        type: "upsertVendor",
        payload: { vendorNo: "V100", name: "Supplies Inc", termsCode: "01", expenseAccount: "6000-00" },
      }),
    ).toMatchObject({ result: { created: false, changed: [] } });
    expect(
      await run({
        type: "upsertItem",
        payload: { itemCode: "GIZMO-1", description: "Gizmo", standardUnitPrice: "12.5", inactive: false },
      }),
    ).toMatchObject({ status: "done", result: { created: true } });
    expect(rows("CI_Item").find((r) => r.ItemCode === "GIZMO-1")).toMatchObject({
      ItemType: "1",
      StandardUnitPrice: 12.5,
      InactiveItem: "N",
    });
    // A new regular item gets its default warehouse record.
    expect(rows("IM_ItemWarehouse").some((r) => r.ItemCode === "GIZMO-1")).toBe(true);
  });
});

describe("documents and idempotency", () => {
  it("createArInvoice checks then creates: executed twice, one invoice; posting moves it to history once", async () => {
    const { run, rows } = setup();
    const command = {
      type: "createArInvoice" as const,
      payload: {
        invoiceNo: "5001",
        customerNo: "ACME",
        invoiceDate: "2025-03-15",
        lines: [{ itemCode: "/INSTALL", quantity: "2" }],
      },
    };
    const first = await run(command);
    expect(first).toMatchObject({
      status: "done",
      result: {
        invoiceNo: "0005001",
        created: true,
        state: "pending",
        batchNo: "00001",
        totalAmt: 190,
        salesTaxAmt: 0,
      },
    });
    expect(await run(command, 2)).toMatchObject({
      status: "done",
      result: { created: false, state: "pending", batchNo: "00001" },
    });
    expect(rows("AR_InvoiceHeader").filter((r) => r.InvoiceNo === "0005001")).toHaveLength(1);
    const post = { ...command, payload: { ...command.payload, batch: { post: true } } };
    expect(await run(post, 3)).toMatchObject({ result: { created: false, state: "posted" } });
    expect(await run(post, 4)).toMatchObject({ result: { created: false, state: "posted" } });
    expect(rows("AR_InvoiceHistoryHeader").filter((r) => r.InvoiceNo === "0005001")).toHaveLength(1);
    expect(rows("AR_InvoiceHeader")).toHaveLength(0);
  });

  it("sales tax is Sage's: a taxable line on a WEST customer", async () => {
    const { run } = setup();
    const done = await run({
      type: "createArInvoice",
      payload: {
        invoiceNo: "5002",
        customerNo: "ACME",
        invoiceDate: "2025-03-15",
        lines: [{ itemCode: "/SERVICE", amount: "100.00", taxClass: "TX" }],
      },
    });
    expect(done).toMatchObject({ status: "done", result: { salesTaxAmt: 7.25, totalAmt: 107.25 } });
  });

  it("createCashReceipt: deposit + receipt; a failed receipt leaves no empty deposit behind", async () => {
    const { run, rows } = setup();
    const bad = await run({
      type: "createCashReceipt",
      payload: {
        customerNo: "ACME",
        checkNo: "C1",
        bankCode: "A",
        depositDate: "2025-03-15",
        amount: "10.00",
        applications: [{ invoiceNo: "0000999", amount: "10.00" }],
      },
    });
    expect(bad).toMatchObject({ status: "failed", error: { code: "NOT_FOUND", field: "applications.0.invoiceNo" } });
    expect(rows("AR_CashReceiptsDeposit")).toHaveLength(0);
    const good = {
      type: "createCashReceipt" as const,
      payload: {
        customerNo: "ACME",
        checkNo: "C1",
        bankCode: "A",
        depositDate: "2025-03-15",
        amount: "72.50",
        applications: [{ invoiceNo: "101", amount: "72.50" }],
        batch: { post: true },
      },
    };
    expect(await run(good)).toMatchObject({ status: "done", result: { created: true, state: "posted" } });
    expect(await run(good, 2)).toMatchObject({ status: "done", result: { created: false, state: "posted" } });
    expect(rows("AR_OpenInvoice").find((r) => r.InvoiceNo === "0000101")).toMatchObject({ Balance: 1000 });
    expect(rows("AR_CashReceiptsHistory").filter((r) => r.CheckNo === "C1")).toHaveLength(1);
  });

  it("createApInvoice and createGlJournal are idempotent on vendor + number and on the journal reference", async () => {
    const { run, rows } = setup();
    const ap = {
      type: "createApInvoice" as const,
      payload: {
        vendorNo: "OFFSUPP",
        invoiceNo: "INV-9",
        invoiceDate: "2025-03-12",
        amount: "45.00",
        distributions: [{ account: "6000-00", amount: "45.00" }],
      },
    };
    expect(await run(ap)).toMatchObject({ result: { created: true } });
    expect(await run(ap, 2)).toMatchObject({ result: { created: false, state: "pending" } });
    expect(rows("AP_InvoiceHeader")).toHaveLength(1);
    const gl = {
      type: "createGlJournal" as const,
      payload: {
        reference: "DAILY 2025-03-15",
        postingDate: "2025-03-15",
        lines: [
          { account: "1000-00", debit: "20" },
          { account: "4000-00", credit: "20" },
        ],
      },
    };
    expect(await run(gl)).toMatchObject({ result: { created: true, entryNo: "000001" } });
    expect(await run(gl, 2)).toMatchObject({ result: { created: false, entryNo: "000001" } });
    expect(rows("GL_GeneralJournalHeader")).toHaveLength(1);
  });

  it("postBatch posts, and a re-delivery of a batch already posted answers alreadyPosted", async () => {
    const { run, rows } = setup();
    const inv = await run({
      type: "createApInvoice",
      payload: {
        vendorNo: "POWERCO",
        invoiceNo: "P-1",
        invoiceDate: "2025-03-12",
        amount: "10.00",
        distributions: [{ account: "6000-00", amount: "10.00" }],
      },
    });
    const batchNo = inv.status === "done" ? String(inv.result.batchNo) : "";
    const post = {
      type: "postBatch" as const,
      payload: { journal: "AP_INVOICE" as const, batchNo, postingDate: "2025-03-15" },
    };
    expect(await run(post)).toMatchObject({ result: { posted: true, alreadyPosted: false } });
    expect(await run(post, 2)).toMatchObject({ result: { posted: true, alreadyPosted: true } });
    expect(rows("AP_OpenInvoice").filter((r) => r.InvoiceNo === "P-1")).toHaveLength(1);
  });

  it("a company with batch processing off enters and posts without batches (XYZ, divisions on)", async () => {
    const { run, rows } = setup({ company: "XYZ" });
    const done = await run({
      type: "createArInvoice",
      payload: {
        invoiceNo: "7001",
        division: "01",
        customerNo: "ACME",
        invoiceDate: "2025-03-15",
        lines: [{ itemCode: "/SERVICE", amount: "10.00" }],
        batch: { post: true },
      },
    });
    expect(done).toMatchObject({ status: "done", result: { batchNo: "", created: true, state: "posted" } });
    expect(rows("AR_InvoiceHistoryHeader", "XYZ").find((r) => r.InvoiceNo === "0007001")).toMatchObject({
      ARDivisionNo: "01",
      CustomerNo: "ACME",
    });
  });
});

describe("reads", () => {
  it("findDocument and readChanges go through ODBC and take no BOI session (no licence)", async () => {
    const { run, sim } = setup();
    sim.faults.update({ licenseSeats: 0 });
    expect(await run({ type: "findDocument", payload: { kind: "vendor", vendorNo: "powerco" } })).toMatchObject({
      result: { found: true, state: "posted", record: { VendorName: expect.any(String) } },
    });
    const changes = await run({ type: "readChanges", payload: { table: "CI_Item", top: 3 } });
    expect(changes).toMatchObject({
      status: "done",
      result: { table: "CI_Item", keyColumns: ["ItemCode"], highWater: { date: "2025-01-01", time: "9" } },
    });
    expect(changes.status === "done" ? changes.result.rows : null).toHaveLength(3);
  });
});

describe("sessions", () => {
  it("reuses one session, recycles it after a COM failure, and reports a dead session as SESSION_DEAD", async () => {
    const { run, sim } = setup();
    await run({ type: "ping", payload: {} });
    await run({ type: "ping", payload: {} });
    expect(sim.sessionInfo()).toHaveLength(1);
    sim.dropAllSessions("exception");
    expect(await run({ type: "ping", payload: {} })).toMatchObject({
      status: "failed",
      error: { code: "SESSION_DEAD", retryClass: "TRANSIENT" },
    });
    expect(await run({ type: "ping", payload: {} })).toMatchObject({ status: "done" });
    sim.dropAllSessions("dead");
    expect(await run({ type: "upsertCustomer", payload: { customerNo: "ACME", name: "Acme" } })).toMatchObject({
      status: "failed",
      error: { code: "SESSION_DEAD", retryClass: "TRANSIENT" },
    });
    expect(await run({ type: "ping", payload: {} })).toMatchObject({ status: "done" });
    expect(sim.sessionInfo().filter((s) => !s.killed)).toHaveLength(1);
  });

  it("drain closes every session (period-end) and resume opens them on demand", async () => {
    const { run, sim, driver } = setup();
    await run({ type: "ping", payload: {} });
    await driver.drain();
    expect(sim.sessionInfo()).toHaveLength(0);
    expect(await run({ type: "ping", payload: {} })).toMatchObject({
      status: "failed",
      error: { code: "SESSION_DEAD" },
    });
    driver.resume();
    expect(await run({ type: "ping", payload: {} })).toMatchObject({ status: "done" });
  });

  it("exclusive (period-end) mode on the company is TRANSIENT", async () => {
    const { run, sim } = setup();
    sim.faults.update({ exclusiveCompanies: ["ABC"] });
    expect(await run({ type: "ping", payload: {} })).toMatchObject({
      status: "failed",
      error: { code: "EXCLUSIVE_MODE", retryClass: "TRANSIENT" },
    });
  });
});

describe("malformed commands", () => {
  it("are refused by the agent before touching Sage", async () => {
    const { run, sim } = setup();
    const bad = await run({
      type: "createArInvoice",
      payload: { invoiceNo: "1", customerNo: "ACME", invoiceDate: "15/03/2025", lines: [] },
    } as never);
    expect(bad).toMatchObject({ status: "failed", error: { code: "INVALID_COMMAND", retryClass: "BUG" } });
    expect(sim.sessionInfo()).toHaveLength(0);
  });
});

describe("a command newer than this agent", () => {
  it("is answered on its own as unsupported, asking for an update, and the lease that carried it still parses", async () => {
    const { leaseResponseSchema } = await import("../src/protocol");
    const { executeCommand } = await import("../src/commands/execute-command");
    const { driver } = newDriver();
    const lease = leaseResponseSchema.parse({
      paused: false,
      commands: [
        {
          id: "c1",
          type: "readSomethingNew",
          payload: {},
          idempotencyKey: "k1",
          attempt: 1,
          leaseExpiresAt: "2025-03-15T10:32:00Z",
        },
        {
          id: "c2",
          type: "ping",
          payload: {},
          idempotencyKey: "k2",
          attempt: 1,
          leaseExpiresAt: "2025-03-15T10:32:00Z",
        },
      ],
    });
    const [unknown, ping] = await Promise.all(lease.commands.map((c) => executeCommand(driver, c)));
    expect(unknown).toMatchObject({
      status: "failed",
      error: {
        code: "UNSUPPORTED",
        retryClass: "NEEDS_USER",
        message: expect.stringContaining('does not know the command "readSomethingNew": update the Ledgerlink agent'),
      },
    });
    expect(ping).toMatchObject({ status: "done" });
  });
});
