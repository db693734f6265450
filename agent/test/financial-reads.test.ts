// Reads the payment and stock flows need: an invoice's open item, its posted payments, and the stock table polled
// on its own short interval so a quantity change leaves the agent within seconds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AgentRunner } from "../src/runtime/agent-runner";
import { ServerClient, type FetchLike } from "../src/runtime/server-client";
import { StateStore } from "../src/runtime/state-store";
import type { ChangeBatch } from "../src/protocol";
import { newDriver } from "./helpers";

let current: ReturnType<typeof newDriver> | undefined;
afterEach(async () => {
  await current?.driver.close();
  current = undefined;
});

describe("invoice reads", () => {
  it("findDocument arOpenInvoice answers the open balance; readInvoicePayments lists posted receipts oldest first", async () => {
    current = newDriver();
    const { run } = current;
    const open = await run({
      type: "findDocument",
      payload: { kind: "arOpenInvoice", customerNo: "acme", invoiceNo: "101" },
    });
    expect(open).toMatchObject({
      status: "done",
      result: { found: true, state: "posted", record: { InvoiceNo: "0000101", Balance: 1072.5, PaymentsToday: 0 } },
    });
    expect(
      await run({ type: "findDocument", payload: { kind: "arOpenInvoice", customerNo: "ACME", invoiceNo: "102" } }),
    ).toMatchObject({ result: { found: false } });
    for (const [checkNo, amount] of [
      ["C1", "72.50"],
      ["C2", "100.00"],
    ] as const) {
      const receipt = await run({
        type: "createCashReceipt",
        payload: {
          customerNo: "ACME",
          checkNo,
          bankCode: "A",
          depositDate: "2025-03-15",
          amount,
          applications: [{ invoiceNo: "101", amount }],
          batch: { post: true },
        },
      });
      expect(receipt).toMatchObject({ status: "done", result: { created: true, state: "posted" } });
    }
    const paid = await run({ type: "readInvoicePayments", payload: { customerNo: "ACME", invoiceNo: "0000101" } });
    const rows = paid.status === "done" ? (paid.result.rows as Array<Record<string, unknown>>) : [];
    expect(rows.map((r) => [r.CheckNo, r.TransactionAmt])).toEqual([
      ["C1", 72.5],
      ["C2", 100],
    ]);
    expect(
      await run({ type: "findDocument", payload: { kind: "arOpenInvoice", customerNo: "ACME", invoiceNo: "101" } }),
    ).toMatchObject({ result: { record: { Balance: 900 } } });
  });
});

describe("per-table change intervals", () => {
  it("polls the stock table on its own short interval, the rest on the long one", async () => {
    current = newDriver();
    const { sim, clock, driver, run } = current;
    const batches: ChangeBatch[] = [];
    const fetchImpl: FetchLike = async (url, init) => {
      const body = JSON.parse(String(init.body ?? "{}")) as Record<string, unknown>;
      if (url.endsWith("/changes")) {
        batches.push(body as ChangeBatch);
        return Response.json({ accepted: true, duplicate: false });
      }
      if (url.endsWith("/lease")) {
        await new Promise((r) => setTimeout(r, 50));
        return Response.json({ commands: [], paused: false });
      }
      return Response.json({ paused: false, serverTime: new Date().toISOString(), heartbeatIntervalMs: 60_000 });
    };
    const runner = new AgentRunner({
      client: new ServerClient("http://agent.test", "token", fetchImpl),
      driver,
      state: new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-intervals-"))),
      hostname: "test",
      heartbeatIntervalMs: 60_000,
      changesIntervalMs: 60_000,
      tableIntervalsMs: { IM_ItemWarehouse: 200 },
      log: () => {},
    });
    const done = runner.run();
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
    };
    // First polls: everything once (the seed).
    await until(
      () => batches.some((b) => b.table === "AR_Customer") && batches.some((b) => b.table === "IM_ItemWarehouse"),
    );
    const before = batches.length;
    clock.advance(60_000);
    sim.adjustInventory("ABC", "WIDGET-100", "000", -4);
    // A customer changes too: it waits for the long interval.
    expect(await run({ type: "upsertCustomer", payload: { customerNo: "ACME", name: "Acme Renamed" } })).toMatchObject({
      status: "done",
    });
    await until(() => batches.length > before);
    await runner.stop();
    await done;
    const fresh = batches.slice(before);
    expect(fresh.map((b) => b.table)).toEqual(["IM_ItemWarehouse"]);
    expect(fresh[0]!.rows).toEqual([expect.objectContaining({ ItemCode: "WIDGET-100", WarehouseCode: "000" })]);
  });
});
