// A company in set-up writes nothing to Sage 100, not even a queued command: the read-only gateway refuses every
// write before the queue, and still asks the agent what it may read.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTenant } from "@/tests/factories";
import { READ_ONLY_COMMANDS, sage100Gateway } from "./sage100";

describe("read-only Sage 100 gateway", () => {
  it("refuses a write with reason ReadOnly and queues nothing; a read is queued for the agent", async () => {
    const t = await createTenant("gw-read-only");
    const gateway = sage100Gateway({ orgId: t.org.id, companyId: t.company.id, readOnly: true, timeoutMs: 50 });
    const write = gateway.execute({
      type: "upsertCustomer",
      payload: { division: "00", customerNo: "ACME01", fields: { name: "Acme" } },
    } as never);
    await expect(write).rejects.toMatchObject({ code: "PRECONDITION_FAILED", reason: "ReadOnly" });
    expect(await db.sage100Command.count({ where: { companyId: t.company.id } })).toBe(0);
    // A read goes to the queue (no agent answers here, so it times out as a transient wait).
    await expect(gateway.execute({ type: "ping", payload: {} })).rejects.toMatchObject({ retryClass: "TRANSIENT" });
    expect(await db.sage100Command.findMany({ where: { companyId: t.company.id }, select: { type: true } })).toEqual([
      { type: "ping" },
    ]);
    expect([...READ_ONLY_COMMANDS].every((c) => !/^(create|upsert|post|delete)/.test(c))).toBe(true);
  });
});
