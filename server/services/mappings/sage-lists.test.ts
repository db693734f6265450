// Sage 100's lists on the mappings screen, end to end on real Postgres with the real agent (simulator driver) over
// real HTTP: "Refresh from Sage 100" fills the company's copy, the forms offer it, a value Sage 100 does not have is
// refused on its field (nothing is refused while no copy exists), and an agent that cannot answer says so plainly
// and leaves the copy as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { mappingField } from "@/server/sync/mappings/kinds";
import { refreshReferenceLists } from "@/server/integrations/sage100/reference-lists/refresh";
import { startAgentApiServer, type AgentApiServer } from "@/server/integrations/sage100/testing/agent-api-server";
import { startTestAgent, waitUntil, type TestAgent } from "@/server/integrations/sage100/testing/test-agent";
import { ledgerRecord, syncTenant } from "@/server/services/sync/testing/fixtures";
import { sageWrite } from "@/server/sync/flows/testing/harness";
import { callerFor, trpcErrorOf } from "@/tests/factories";

let api: AgentApiServer;
const agents: TestAgent[] = [];

/** A company whose agent (on its own simulated Sage 100) is paired and heard from. */
async function companyWithAgent() {
  const t = await syncTenant();
  const agent = await startTestAgent(api.url, t.company);
  agents.push(agent);
  await waitUntil(
    async () =>
      (await db.sage100Agent.findFirst({
        where: { activeCompanyId: t.company.id, lastHeartbeatAt: { not: null } },
      })) !== null,
    10_000,
    "the agent's first heartbeat",
  );
  return { ...t, agent };
}

const cacheOf = (companyId: string) =>
  db.sage100ReferenceList.findMany({ where: { companyId }, orderBy: { list: "asc" } });
const readCommands = (companyId: string) =>
  db.sage100Command.count({ where: { companyId, type: "readReferenceLists" } });

beforeAll(async () => {
  api = await startAgentApiServer();
});

afterAll(async () => {
  for (const agent of agents) await agent.stop().catch(() => undefined);
  await api?.close();
});

describe("Sage 100's lists through the agent", () => {
  it("before the first refresh: no copy, values are typed, and a save is not checked against Sage 100", async () => {
    const t = await companyWithAgent();
    const caller = callerFor(t.accountant);
    expect(await caller.mappings.sageLists({ companyId: t.company.id })).toEqual({ agent: "online", lists: [] });
    const choices = await caller.mappings.choices({ companyId: t.company.id, kind: "nominal_to_gl" });
    expect(choices.target).toMatchObject({
      options: [],
      from: null,
      problem: expect.stringContaining("Refresh from Sage 100"),
    });
    // Sage 100 has no 4999-00, but with no copy of its accounts Ledgerlink cannot know: the mapping is saved.
    expect(
      await caller.mappings.add({
        companyId: t.company.id,
        kind: "nominal_to_gl",
        sourceKey: "4100",
        targetValue: "4999-00",
      }),
    ).toMatchObject({ targetValue: "4999-00" });
  });

  it("a refresh fills the copy from Sage 100 and the forms offer its values (no inactive or deleted accounts)", async () => {
    const t = await companyWithAgent();
    const caller = callerFor(t.accountant);
    const refreshed = await caller.mappings.refreshSageLists({ companyId: t.company.id });
    expect(refreshed.lists).toEqual([
      { list: "glAccounts", rowCount: 21, truncated: false, error: null },
      { list: "taxClasses", rowCount: 2, truncated: false, error: null },
      { list: "bankCodes", rowCount: 2, truncated: false, error: null },
    ]);
    expect(Date.now() - refreshed.fetchedAt.getTime()).toBeLessThan(30_000);
    expect((await cacheOf(t.company.id)).map((r) => [r.list, r.rowCount, r.truncated])).toEqual([
      ["bankCodes", 2, false],
      ["glAccounts", 21, false],
      ["taxClasses", 2, false],
    ]);
    const status = await callerFor(t.viewer).mappings.sageLists({ companyId: t.company.id });
    expect(status.lists.map((l) => [l.list, l.rowCount])).toEqual([
      ["glAccounts", 21],
      ["taxClasses", 2],
      ["bankCodes", 2],
    ]);

    const accounts = (await callerFor(t.viewer).mappings.choices({ companyId: t.company.id, kind: "nominal_to_gl" }))
      .target;
    expect(accounts.from).toBe("Sage 100, read just now");
    expect(accounts.problem).toBeNull();
    expect(accounts.options).toHaveLength(19);
    expect(accounts.options).toContainEqual({ value: "4000-00", label: "4000-00 · Sales - Products" });
    expect(accounts.options.map((o) => o.value)).not.toContain("6400-00");
    expect(accounts.options.map((o) => o.value)).not.toContain("6900-00");
    const cash = (await callerFor(t.viewer).mappings.choices({ companyId: t.company.id, kind: "bank_account_to_gl" }))
      .target;
    expect(cash.options.map((o) => o.value)).toContain("1010-00");
    const banks = (
      await callerFor(t.viewer).mappings.choices({ companyId: t.company.id, kind: "payment_method_to_bank" })
    ).target;
    expect(banks.options).toEqual([
      { value: "A", label: "A · First National - Operating · cash 1000-00" },
      { value: "B", label: "B · First National - Payroll · cash 1010-00" },
    ]);
    const classes = (await callerFor(t.viewer).mappings.choices({ companyId: t.company.id, kind: "vat_to_tax_class" }))
      .target;
    expect(classes.options.map((o) => o.value)).toEqual(["NT", "TX"]);
  });

  it("a value Sage 100 does not have, or an inactive account, is refused on its field saying when the lists were read", async () => {
    const t = await companyWithAgent();
    const c = t.company.id;
    const caller = callerFor(t.accountant);
    await caller.mappings.refreshSageLists({ companyId: c });
    await db.sage100ReferenceList.updateMany({
      where: { companyId: c },
      data: { fetchedAt: new Date(Date.now() - 5 * 60_000) },
    });
    const waiting = await ledgerRecord(c, {
      model: "sales_invoice",
      status: "HELD",
      errorCode: "MAPPING_MISSING",
      errorField: mappingField("nominal_to_gl", "4100"),
      errorMessage: "held",
      retryClass: "NEEDS_USER",
    });

    const unknown = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "nominal_to_gl", sourceKey: "4100", targetValue: "4999-00" }),
    );
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.cause).toMatchObject({
      fieldErrors: {
        targetValue: [
          "Sage 100 has no G/L account 4999-00 (lists read 5 minutes ago). Refresh the lists if you have just added it.",
        ],
      },
    });
    const inactive = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "nominal_to_gl", sourceKey: "4100", targetValue: "6400-00" }),
    );
    expect(inactive.cause).toMatchObject({
      fieldErrors: {
        targetValue: [
          "G/L account 6400-00 is inactive in Sage 100 (lists read 5 minutes ago). Choose an active account, or make it active in Sage 100 and refresh the lists.",
        ],
      },
    });
    const deleted = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "bank_account_to_gl", sourceKey: "1200", targetValue: "6900-00" }),
    );
    expect(deleted.cause).toMatchObject({
      fieldErrors: { targetValue: [expect.stringMatching(/^G\/L account 6900-00 is deleted in Sage 100/)] },
    });
    const taxClass = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "vat_to_tax_class", sourceKey: "20", targetValue: "zz" }),
    );
    expect(taxClass.cause).toMatchObject({
      fieldErrors: {
        targetValue: [
          "Sage 100 has no tax class ZZ (lists read 5 minutes ago). Refresh the lists if you have just added it.",
        ],
      },
    });
    const bank = await trpcErrorOf(
      caller.mappings.add({ companyId: c, kind: "payment_method_to_bank", sourceKey: "2", targetValue: "c" }),
    );
    expect(bank.cause).toMatchObject({
      fieldErrors: {
        targetValue: [
          "Sage 100 has no bank code C (lists read 5 minutes ago). Refresh the lists if you have just added it.",
        ],
      },
    });
    expect(await db.mappingEntry.count({ where: { companyId: c } })).toBe(0);
    expect((await db.syncRecord.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("HELD");

    // Values Sage 100 has are saved as before (any case), releasing what waited; changing one to an unknown value is refused too.
    const saved = await caller.mappings.add({
      companyId: c,
      kind: "nominal_to_gl",
      sourceKey: "4100",
      targetValue: "4010-00",
    });
    expect(saved).toMatchObject({ targetValue: "4010-00", released: 1 });
    expect(
      await caller.mappings.add({ companyId: c, kind: "payment_method_to_bank", sourceKey: "2", targetValue: "b" }),
    ).toMatchObject({ targetValue: "B" });
    const changed = await trpcErrorOf(
      caller.mappings.update({ companyId: c, mappingId: saved.id, targetValue: "4999-00" }),
    );
    expect(changed.cause).toMatchObject({
      fieldErrors: { targetValue: [expect.stringMatching(/^Sage 100 has no G\/L account 4999-00/)] },
    });

    // Added in Sage 100 just now: refused until the lists are refreshed, then offered and saved.
    sageWrite(t.agent.sim, {
      object: "GL_Account_bus",
      task: "GL_Account_ui",
      module: "G/L",
      key: { Account: "4999-00" },
      values: { AccountDesc: "Sales - Marketplace" },
    });
    expect(
      (await trpcErrorOf(caller.mappings.update({ companyId: c, mappingId: saved.id, targetValue: "4999-00" }))).code,
    ).toBe("BAD_REQUEST");
    const again = await caller.mappings.refreshSageLists({ companyId: c });
    expect(again.lists[0]).toMatchObject({ list: "glAccounts", rowCount: 22 });
    expect((await caller.mappings.choices({ companyId: c, kind: "nominal_to_gl" })).target.options).toContainEqual({
      value: "4999-00",
      label: "4999-00 · Sales - Marketplace",
    });
    expect(await caller.mappings.update({ companyId: c, mappingId: saved.id, targetValue: "4999-00" })).toMatchObject({
      targetValue: "4999-00",
    });
  });

  it("an agent that cannot answer is a plain error and the copy stays as it was; viewers cannot refresh", async () => {
    const t = await companyWithAgent();
    const c = t.company.id;
    await callerFor(t.owner).mappings.refreshSageLists({ companyId: c });
    const before = await cacheOf(c);
    expect(before).toHaveLength(3);
    expect((await trpcErrorOf(callerFor(t.viewer).mappings.refreshSageLists({ companyId: c }))).code).toBe("FORBIDDEN");

    // Stopped a moment ago (still counted online): the command waits, is withdrawn at the deadline, nothing changes.
    await t.agent.stop();
    const timedOut = refreshReferenceLists({ orgId: t.org.id, companyId: c, userId: t.owner.id, timeoutMs: 2_000 });
    await expect(timedOut).rejects.toMatchObject({
      code: "UPSTREAM",
      message:
        "The Sage 100 agent did not answer within 2 seconds (it may be busy with a sync). Try again in a minute.",
    });
    expect(
      await db.sage100Command.findFirst({
        where: { companyId: c, type: "readReferenceLists" },
        orderBy: { createdAt: "desc" },
      }),
    ).toMatchObject({ status: "FAILED", errorCode: "WITHDRAWN" });

    // Silent for minutes: refused at once, nothing queued.
    const minutesAgo = new Date(Date.now() - 5 * 60_000);
    await db.sage100Agent.updateMany({
      where: { activeCompanyId: c },
      data: { lastHeartbeatAt: minutesAgo, lastSeenAt: minutesAgo },
    });
    const commands = await readCommands(c);
    expect(await callerFor(t.accountant).mappings.sageLists({ companyId: c })).toMatchObject({ agent: "offline" });
    const offline = await trpcErrorOf(callerFor(t.accountant).mappings.refreshSageLists({ companyId: c }));
    expect(offline.code).toBe("PRECONDITION_FAILED");
    expect(offline.message).toBe("The Sage 100 agent is offline: start it on the Sage 100 server, then refresh.");
    expect(await readCommands(c)).toBe(commands);
    expect(await cacheOf(c)).toEqual(before);
    // The copy read before still serves the forms and the checks.
    expect(
      (await callerFor(t.accountant).mappings.choices({ companyId: c, kind: "vat_to_tax_class" })).target.options.map(
        (o) => o.value,
      ),
    ).toEqual(["NT", "TX"]);

    const unpaired = await syncTenant();
    const none = await trpcErrorOf(
      callerFor(unpaired.owner).mappings.refreshSageLists({ companyId: unpaired.company.id }),
    );
    expect(none.message).toBe(
      "No Sage 100 agent is paired with this company yet: pair one on the company page, then refresh.",
    );
  });
});
