// runCommands: a load batch of master data in one command; every item answers as it would have alone.
import { afterEach, describe, expect, it } from "vitest";
import { newDriver } from "./helpers";

let current: ReturnType<typeof newDriver> | undefined;
const setup = (options?: Parameters<typeof newDriver>[0]) => (current = newDriver(options));
afterEach(async () => {
  await current?.driver.close();
  current = undefined;
});

describe("runCommands", () => {
  it("runs upserts and read-backs in order in one session; a refused item fails alone with the single command's error", async () => {
    const { run, sim } = setup();
    const refusedAlone = await run({
      type: "upsertCustomer",
      payload: { customerNo: "BAD1", name: "Bad Terms", termsCode: "77" },
    });
    expect(refusedAlone).toMatchObject({ status: "failed" });
    const answer = await run({
      type: "runCommands",
      payload: {
        commands: [
          { type: "upsertCustomer", payload: { customerNo: "new1", name: "New One", city: "Reno" } },
          { type: "findDocument", payload: { kind: "customer", division: "00", customerNo: "NEW1" } },
          { type: "upsertCustomer", payload: { customerNo: "BAD1", name: "Bad Terms", termsCode: "77" } },
          { type: "upsertVendor", payload: { vendorNo: "V100", name: "Supplies Inc" } },
          { type: "upsertItem", payload: { itemCode: "GIZMO-1", description: "Gizmo" } },
          { type: "findDocument", payload: { kind: "item", itemCode: "GIZMO-1" } },
        ],
      },
    });
    if (answer.status !== "done") throw new Error(answer.error.message);
    const results = answer.result.results as unknown[];
    expect(results).toHaveLength(6);
    expect(results[0]).toEqual({
      ok: true,
      result: { division: "00", customerNo: "NEW1", created: true, changed: ["name", "city"] },
    });
    // The read after the upsert sees the row it wrote.
    expect(results[1]).toMatchObject({
      ok: true,
      result: { found: true, record: { CustomerNo: "NEW1", City: "Reno" } },
    });
    expect(results[2]).toEqual({ ok: false, error: (refusedAlone as { error: unknown }).error });
    expect(results[3]).toMatchObject({ ok: true, result: { vendorNo: "V100", created: true } });
    expect(results[4]).toMatchObject({ ok: true, result: { itemCode: "GIZMO-1", created: true } });
    expect(results[5]).toMatchObject({ ok: true, result: { found: true, record: { ItemCode: "GIZMO-1" } } });
    // One BOI session (one licence) carried them all.
    expect(sim.sessionInfo()).toHaveLength(1);
  });

  it("run again after a crash, it finds what it wrote instead of doubling it", async () => {
    const { run, rows } = setup();
    const command = {
      type: "runCommands" as const,
      payload: {
        commands: [
          { type: "upsertCustomer" as const, payload: { customerNo: "TWICE", name: "Twice Ltd" } },
          { type: "upsertCustomer" as const, payload: { customerNo: "TWICE2", name: "Twice Two" } },
        ],
      },
    };
    await run(command);
    expect(await run(command, 2)).toMatchObject({
      status: "done",
      result: {
        results: [
          { ok: true, result: { created: false, changed: [] } },
          { ok: true, result: { created: false } },
        ],
      },
    });
    expect(rows("AR_Customer").filter((r) => String(r.CustomerNo).startsWith("TWICE"))).toHaveLength(2);
  });

  it("a record locked by another Sage user fails alone, as TRANSIENT", async () => {
    const { run, sim } = setup();
    await run({ type: "upsertCustomer", payload: { customerNo: "LOCKME", name: "Lock Me" } });
    sim.faults.update({ lockedRecords: [{ table: "AR_Customer", match: { CustomerNo: "LOCKME" } }] });
    const answer = await run({
      type: "runCommands",
      payload: {
        commands: [
          { type: "upsertCustomer", payload: { customerNo: "LOCKME", name: "Lock Me Renamed" } },
          { type: "upsertCustomer", payload: { customerNo: "FREE", name: "Free Ltd" } },
        ],
      },
    });
    expect(answer).toMatchObject({
      status: "done",
      result: {
        results: [
          { ok: false, error: { code: "LOCKED", retryClass: "TRANSIENT" } },
          { ok: true, result: { customerNo: "FREE", created: true } },
        ],
      },
    });
  });

  it("a session dying part-way keeps what was written answered, fails the rest as retryable, and drops the session", async () => {
    const { run, sim, rows } = setup();
    await run({ type: "ping", payload: {} });
    // Enough calls for the first upsert, not for the second.
    const before = sim.sessionInfo().length;
    sim.faults.update({ dropSessionsAfterCalls: { calls: 12, mode: "dead" } });
    const answer = await run({
      type: "runCommands",
      payload: {
        commands: [
          { type: "upsertCustomer", payload: { customerNo: "FIRST", name: "First Ltd" } },
          { type: "upsertCustomer", payload: { customerNo: "SECOND", name: "Second Ltd" } },
          { type: "upsertCustomer", payload: { customerNo: "THIRD", name: "Third Ltd" } },
        ],
      },
    });
    sim.faults.update({ dropSessionsAfterCalls: null });
    if (answer.status !== "done") throw new Error(answer.error.message);
    const results = answer.result.results as { ok: boolean; error?: { code: string; retryClass: string } }[];
    const written = rows("AR_Customer").filter((r) => ["FIRST", "SECOND", "THIRD"].includes(String(r.CustomerNo)));
    // Every record Sage wrote is answered ok; the first failure and everything after it are retryable.
    expect(results.filter((r) => r.ok)).toHaveLength(written.length);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(3);
    expect(results.slice(written.length)).toEqual(
      Array.from({ length: 3 - written.length }, () =>
        expect.objectContaining({
          ok: false,
          error: expect.objectContaining({ code: "SESSION_DEAD", retryClass: "TRANSIENT" }),
        }),
      ),
    );
    // The dead session was dropped: the next command opens a new one and works.
    expect(await run({ type: "upsertCustomer", payload: { customerNo: "SECOND", name: "Second Ltd" } })).toMatchObject({
      status: "done",
    });
    expect(sim.sessionInfo().filter((x) => !x.killed).length).toBeLessThanOrEqual(before);
  });

  it("reads alone take no session", async () => {
    const { run, sim } = setup();
    expect(
      await run({
        type: "runCommands",
        payload: {
          commands: [{ type: "findDocument", payload: { kind: "customer", division: "00", customerNo: "ACME" } }],
        },
      }),
    ).toMatchObject({ status: "done", result: { results: [{ ok: true, result: { found: true } }] } });
    expect(sim.sessionInfo()).toHaveLength(0);
  });

  it("refuses a command type it may not carry", async () => {
    const { run } = setup();
    expect(
      await run({
        type: "runCommands",
        payload: { commands: [{ type: "ping", payload: {} }] } as never,
      }),
    ).toMatchObject({ status: "failed", error: { code: "INVALID_COMMAND" } });
  });
});
