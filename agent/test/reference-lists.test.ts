// readReferenceLists: what the mapping forms offer from Sage 100 (G/L accounts, tax classes, bank codes), read over
// ODBC without a licence, bounded, and one unreadable list not spoiling the others.
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_HOME_PATH, OdbcError } from "../../sandbox/sage100";
import { executeCommand } from "../src/commands/execute-command";
import type { ReadReferenceListsResult } from "../src/protocol";
import { newDriver } from "./helpers";

let current: ReturnType<typeof newDriver> | undefined;
const setup = () => (current = newDriver());
afterEach(async () => {
  await current?.driver.close();
  current = undefined;
});

const resultOf = (outcome: Awaited<ReturnType<ReturnType<typeof newDriver>["run"]>>): ReadReferenceListsResult => {
  if (outcome.status !== "done") throw new Error(`failed: ${outcome.error.message}`);
  return outcome.result as ReadReferenceListsResult;
};

/** A person adding a G/L account in Sage 100 (its own BOI session). */
function addAccountInSage(sim: ReturnType<typeof newDriver>["sim"], account: string, description: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const script: any = sim.createScript();
  script.Init(DEFAULT_HOME_PATH);
  const session = script.NewObject("SY_Session");
  session.nSetUser("admin", "admin");
  session.nSetCompany("ABC");
  session.nSetDate("G/L", "20250315");
  session.nSetModule("G/L");
  session.nSetProgram(session.nLookupTask("GL_Account_ui"));
  const bus = script.NewObject("GL_Account_bus", session);
  try {
    bus.nSetKeyValue("Account$", account);
    if (bus.nSetKey() === 0) throw new Error(bus.sLastErrorMsg);
    if (bus.nSetValue("AccountDesc$", description) === 0) throw new Error(bus.sLastErrorMsg);
    if (bus.nWrite() === 0) throw new Error(bus.sLastErrorMsg);
  } finally {
    bus.DropObject();
    session.nCleanup();
    session.DropObject();
  }
}

describe("readReferenceLists", () => {
  it("reads the chart of accounts (with status), tax classes and bank codes (with their cash account), taking no licence", async () => {
    const { run, sim } = setup();
    sim.faults.update({ licenseSeats: 0 });
    const result = resultOf(await run({ type: "readReferenceLists", payload: {} }));
    if (!result.glAccounts?.ok || !result.taxClasses?.ok || !result.bankCodes?.ok)
      throw new Error(JSON.stringify(result));
    expect(result.glAccounts.truncated).toBe(false);
    expect(result.glAccounts.rows).toHaveLength(21);
    expect(result.glAccounts.rows[0]).toEqual({
      account: "1000-00",
      accountKey: "000000001",
      description: "Cash - Operating Account",
      status: "A",
      type: "A",
    });
    expect(result.glAccounts.rows.filter((a) => a.status !== "A").map((a) => [a.account, a.status])).toEqual([
      ["6400-00", "I"],
      ["6900-00", "D"],
    ]);
    expect(result.taxClasses).toEqual({
      ok: true,
      truncated: false,
      rows: [
        { taxClass: "NT", description: "Non-taxable" },
        { taxClass: "TX", description: "Taxable" },
      ],
    });
    expect(result.bankCodes).toEqual({
      ok: true,
      truncated: false,
      rows: [
        { bankCode: "A", name: "First National - Operating", cashAccount: "1000-00" },
        { bankCode: "B", name: "First National - Payroll", cashAccount: "1010-00" },
      ],
    });
    expect(current!.driver.sessionStats().open).toBe(0);
  });

  it("says when a list was cut at the row limit, and finds the bank codes' cash accounts without reading the chart", async () => {
    const { run } = setup();
    const cut = resultOf(await run({ type: "readReferenceLists", payload: { lists: ["glAccounts"], maxRows: 5 } }));
    expect(cut.glAccounts).toMatchObject({ ok: true, truncated: true });
    expect(cut.glAccounts?.ok && cut.glAccounts.rows.map((a) => a.account)).toEqual([
      "1000-00",
      "1010-00",
      "1200-00",
      "1300-00",
      "2000-00",
    ]);
    expect(cut.taxClasses).toBeUndefined();
    const banks = resultOf(await run({ type: "readReferenceLists", payload: { lists: ["bankCodes"] } }));
    expect(banks).toEqual({
      bankCodes: {
        ok: true,
        truncated: false,
        rows: [
          expect.objectContaining({ bankCode: "A", cashAccount: "1000-00" }),
          expect.objectContaining({ bankCode: "B", cashAccount: "1010-00" }),
        ],
      },
    });
  });

  it("an account added in Sage 100 is on the next read", async () => {
    const { run, sim } = setup();
    addAccountInSage(sim, "4020-00", "Sales - Subscriptions");
    const result = resultOf(await run({ type: "readReferenceLists", payload: { lists: ["glAccounts"] } }));
    expect(result.glAccounts?.ok && result.glAccounts.rows.find((a) => a.account === "4020-00")).toMatchObject({
      description: "Sales - Subscriptions",
      status: "A",
      type: "I",
    });
  });

  it("a table Sage will not read fails that list only, with the driver's reason", async () => {
    const { driver } = setup();
    const odbc = {
      ...driver.odbc,
      query: async (sql: string, params?: ReadonlyArray<string | number>) => {
        if (/FROM GL_BankCode/.test(sql)) throw new OdbcError("ODBC_NO_TABLE", { table: "GL_BankCode" });
        return driver.odbc.query(sql, params);
      },
    };
    const outcome = await executeCommand({ ...driver, odbc }, { type: "readReferenceLists", payload: {}, attempt: 1 });
    const result = resultOf(outcome);
    expect(result.glAccounts).toMatchObject({ ok: true });
    expect(result.taxClasses).toMatchObject({ ok: true });
    expect(result.bankCodes).toMatchObject({
      ok: false,
      error: { code: "INTERNAL", message: expect.stringContaining("Table is not accessible: GL_BankCode") },
    });
  });
});
