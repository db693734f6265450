// A company in set-up reads KashFlow and writes nothing: a read-only client signs in and reads, and refuses every
// write before a request leaves the process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, failure, makeClient, startSandbox, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

describe("read-only KashFlow client", () => {
  it("signs in and reads, but refuses creating, changing or deleting anything, sending nothing", async () => {
    const acc = await createAccount(h, { Seed: 3 });
    const { client, calls } = makeClient(h, acc, { readOnly: true });
    const customers = [];
    for await (const c of client.customers.list()) customers.push(c);
    expect(customers.length).toBeGreaterThan(0);
    const before = calls.length;
    const refused = [
      await failure(client.customers.create({ Code: "NEW01", Name: "New Ltd" } as never)),
      await failure(
        client.invoices.create({
          Number: 999,
          CustomerCode: customers[0]!.Code,
          IssuedDate: "2026-03-02 12:00:00",
          LineItems: [],
        } as never),
      ),
      await failure(client.invoices.delete(1)),
    ];
    for (const error of refused)
      expect(error).toMatchObject({ code: "PRECONDITION_FAILED", reason: "ReadOnly", retryClass: "NEEDS_USER" });
    expect(calls.slice(before).filter((c) => c.method !== "GET")).toEqual([]);
  });
});
