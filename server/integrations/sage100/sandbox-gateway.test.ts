// With the Sage 100 sandbox turned off, "Try with a sandbox" is refused in words, the company page shows no sandbox,
// and nothing of the simulator is loaded into the app.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { syncTenant } from "@/server/services/sync/testing/fixtures";
import { callerFor } from "@/tests/factories";
import {
  isSandboxRunning,
  listSandboxDocuments,
  resumeSandboxAgents,
  startSandboxAgent,
  stopSandboxAgent,
} from "./sandbox-gateway";

const saved = process.env.SAGE100_SANDBOX;

beforeAll(() => {
  process.env.SAGE100_SANDBOX = "off";
  resetEnvCache();
});

afterAll(() => {
  if (saved === undefined) delete process.env.SAGE100_SANDBOX;
  else process.env.SAGE100_SANDBOX = saved;
  resetEnvCache();
});

const simulatorLoaded = () => "ledgerlinkSandboxModules" in globalThis || "ledgerlinkSandboxAgents" in globalThis;

describe("the Sage 100 sandbox turned off (SAGE100_SANDBOX=off)", () => {
  it("refuses to start a sandbox agent, offers none on the company page, and never loads the simulator", async () => {
    const t = await syncTenant();
    const scope = { orgId: t.org.id, companyId: t.company.id, userId: t.owner.id };
    await expect(startSandboxAgent(scope)).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "SandboxOff",
      message: "The Sage 100 sandbox is turned off on this server.",
    });
    const status = await callerFor(t.owner).sage100.agentStatus({ companyId: t.company.id });
    expect(status).toMatchObject({ agent: null, sandboxAvailable: false, sandboxRunningHere: false });
    expect(await isSandboxRunning(t.company.id)).toBe(false);
    expect(await listSandboxDocuments(scope)).toEqual({ running: false, documents: [] });
    await expect(listSandboxDocuments({ orgId: t.org.id, companyId: "not-this-orgs" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await stopSandboxAgent(t.company.id);
    expect(await resumeSandboxAgents()).toBe(0);
    expect(simulatorLoaded()).toBe(false);
  });
});
