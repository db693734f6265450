// Test support: pairs a real agent (simulator driver) with a company through the HTTP API and runs its loop.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSage100Simulator, type Sage100Simulator } from "@/sandbox/sage100";
import { createSimulatorDriver } from "@/agent/src/drivers/simulator/simulator-driver";
import { AgentRunner } from "@/agent/src/runtime/agent-runner";
import { pairAgent } from "@/agent/src/runtime/pair";
import { ServerClient, type FetchLike } from "@/agent/src/runtime/server-client";
import { StateStore } from "@/agent/src/runtime/state-store";
import { createPairingCode } from "../pairing";

export type TestAgent = Awaited<ReturnType<typeof startTestAgent>>;

export async function pairTestAgent(url: string, company: { id: string; orgId: string }) {
  const { code } = await createPairingCode({ orgId: company.orgId, companyId: company.id, userId: null });
  return pairAgent({ code, server: url, driver: "simulator", sageCompany: "ABC", hostname: "test-host" });
}

export async function startTestAgent(
  url: string,
  company: { id: string; orgId: string },
  options: { sim?: Sage100Simulator; token?: string; fetchImpl?: FetchLike; leaseMs?: number; stateDir?: string } = {},
) {
  const token = options.token ?? (await pairTestAgent(url, company)).token;
  const sim = options.sim ?? createSage100Simulator();
  const driver = createSimulatorDriver({ sim });
  const stateDir = options.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "ll-agent-"));
  const logs: string[] = [];
  const runner = new AgentRunner({
    client: new ServerClient(url, token, options.fetchImpl),
    driver,
    state: new StateStore(stateDir),
    hostname: "test-host",
    heartbeatIntervalMs: 250,
    changesIntervalMs: 0,
    leaseWaitMs: 400,
    leaseMs: options.leaseMs ?? 30_000,
    log: (level, message) => void logs.push(`${level} ${message}`),
  });
  const done = runner.run();
  return {
    runner,
    driver,
    sim,
    token,
    stateDir,
    logs,
    done,
    async stop() {
      await runner.stop();
      await done;
      await driver.close();
    },
  };
}

export async function waitUntil<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
