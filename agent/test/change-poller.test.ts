// Change detection over audit stamps: high-water mark, overlap window, same-second writes, de-duplication,
// and a failed push that is simply read again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ChangePoller } from "../src/changes/change-poller";
import { secondsToStamp, stampToSeconds } from "../src/changes/stamps";
import type { ChangeBatch } from "../src/protocol";
import { StateStore } from "../src/runtime/state-store";
import { newDriver } from "./helpers";

let current: ReturnType<typeof newDriver> | undefined;
afterEach(async () => {
  await current?.driver.close();
  current = undefined;
});

function setup(send?: (b: ChangeBatch) => Promise<void>) {
  current = newDriver();
  const sent: ChangeBatch[] = [];
  const state = new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-poller-")));
  const poller = new ChangePoller({
    odbc: current.driver.odbc,
    state,
    tables: ["AR_Customer"],
    send: send ?? (async (b) => void sent.push(b)),
  });
  return { ...current, sent, state, poller };
}

describe("stamps", () => {
  it("decimal hours are compared as numbers, and survive a round trip", () => {
    expect(stampToSeconds({ date: "2025-03-15", time: "9.5" })).toBeLessThan(
      stampToSeconds({ date: "2025-03-15", time: "10.25" }),
    );
    expect(secondsToStamp(stampToSeconds({ date: "2025-03-15", time: "15.5" }))).toEqual({
      date: "2025-03-15",
      time: "15.5",
    });
    expect(secondsToStamp(stampToSeconds({ date: "2025-03-15", time: "8.49222" }))).toEqual({
      date: "2025-03-15",
      time: "8.492222",
    });
  });
});

describe("ChangePoller", () => {
  it("delivers everything once, then only what changed, including a second write in the same second", async () => {
    const { run, poller, sent, clock, state } = setup();
    expect(await poller.pollAll()).toBe(6); // the seeded customers
    expect(sent[0]).toMatchObject({
      table: "AR_Customer",
      keyColumns: ["ARDivisionNo", "CustomerNo"],
      highWater: { date: "2025-01-01", time: "9" },
    });
    expect(await poller.pollAll()).toBe(0);

    await run({
      type: "upsertCustomer",
      payload: { customerNo: "ACME", name: "Acme Industrial Supply", city: "Irvine" },
    });
    expect(await poller.pollAll()).toBe(1);
    expect(sent.at(-1)?.rows).toEqual([
      expect.objectContaining({ CustomerNo: "ACME", City: "Irvine", DateUpdated: "2025-03-15", TimeUpdated: "10.5" }),
    ]);

    // The clock is frozen: the next write lands in the very same second the poll already read.
    await run({
      type: "upsertCustomer",
      payload: { customerNo: "ACME", name: "Acme Industrial Supply", city: "Anaheim" },
    });
    await run({ type: "upsertCustomer", payload: { customerNo: "BLUESKY", name: "Blue Sky Retail", city: "Reno" } });
    expect(await poller.pollAll()).toBe(2);
    expect(sent.at(-1)?.rows.map((r) => r.City)).toEqual(["Anaheim", "Reno"]);
    expect(await poller.pollAll()).toBe(0);

    clock.advance(60 * 60_000); // an hour later; older stamps leave the overlap window
    await run({ type: "upsertCustomer", payload: { customerNo: "FOXTROT", name: "Foxtrot Ltd" } });
    expect(await poller.pollAll()).toBe(1);
    expect(state.highWater("AR_Customer")).toMatchObject({
      seconds: stampToSeconds({ date: "2025-03-15", time: "11.5" }),
    });
    expect(state.highWater("AR_Customer")?.seen).toHaveLength(1);
  });

  it("a push the server never acknowledged is read again next time (the mark did not move)", async () => {
    let fail = true;
    const delivered: ChangeBatch[] = [];
    const { poller } = setup(async (b) => {
      if (fail) throw new Error("server unreachable");
      delivered.push(b);
    });
    await expect(poller.pollAll()).rejects.toThrow("server unreachable");
    fail = false;
    expect(await poller.pollAll()).toBe(6);
    // The same rows make the same batch id, so a push that did arrive but whose answer was lost is a no-op server-side.
    expect(delivered[0]?.batchId).toMatch(/^[0-9a-f]{40}$/);
  });

  it("pages through a table in key order with TOP (no OFFSET in ProvideX 4.x)", async () => {
    const { sim, driver } = setup();
    const queries: string[] = [];
    const spy = {
      query: async (sql: string, params?: ReadonlyArray<string | number>) => (
        queries.push(sql), driver.odbc.query(sql, params)
      ),
      close: async () => undefined,
    };
    const state = new StateStore(fs.mkdtempSync(path.join(os.tmpdir(), "ll-poller-")));
    const poller = new ChangePoller({ odbc: spy, state, tables: ["IM_ItemWarehouse"], send: async () => undefined });
    const { readChangedRows } = await import("../src/changes/read-changed-rows");
    const rows = await readChangedRows(spy, "IM_ItemWarehouse", null, { pageSize: 5 });
    expect(rows).toHaveLength(sim.inspect("ABC", ["IM_ItemWarehouse"]).tables.IM_ItemWarehouse?.length ?? -1);
    expect(queries[1]).toBe(
      "SELECT TOP 5 * FROM IM_ItemWarehouse WHERE ((ItemCode > ?) OR (ItemCode = ? AND WarehouseCode > ?)) ORDER BY ItemCode, WarehouseCode",
    );
    expect(await poller.pollAll()).toBe(rows.length);
  });
});
