// "Try with a sandbox": the app itself runs a real agent (simulator driver) for a company, paired like any other
// and talking to the app's own URL over HTTP. A per-process registry starts each one once; resumeSandboxAgents()
// brings them back after an app restart. Assumes one app process runs them (a second process would run a second
// simulator for the same company).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { db } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { createSage100Simulator, type Sage100Simulator } from "@/sandbox/sage100";
import { createSimulatorDriver, type SimulatorDriver } from "@/agent/src/drivers/simulator/simulator-driver";
import { AgentRunner } from "@/agent/src/runtime/agent-runner";
import { readConfig, writeConfig } from "@/agent/src/runtime/config";
import { ServerClient } from "@/agent/src/runtime/server-client";
import { StateStore } from "@/agent/src/runtime/state-store";
import { AGENT_VERSION } from "@/agent/src/version";
import { createPairingCode, exchangePairingCode } from "../pairing";

type RunningSandbox = { agentId: string; runner: AgentRunner; driver: SimulatorDriver; finished: Promise<void> };

const holder = globalThis as unknown as {
  ledgerlinkSandboxAgents?: Map<string, RunningSandbox>;
  ledgerlinkSandboxStarts?: Map<string, Promise<unknown>>;
};
const running = (holder.ledgerlinkSandboxAgents ??= new Map());
const starting = (holder.ledgerlinkSandboxStarts ??= new Map());

export type SandboxOptions = {
  /** The app's own URL the agent talks to (default APP_URL). */
  baseUrl?: string;
  /** Where each sandbox keeps its agent config, Sage state and change marks (default SAGE100_SANDBOX_DIR; none = memory). */
  dir?: string | null;
  heartbeatIntervalMs?: number;
  changesIntervalMs?: number;
  quiet?: boolean;
};

function settings(o: SandboxOptions) {
  return {
    baseUrl: o.baseUrl ?? env().APP_URL,
    dir: o.dir === undefined ? (env().SAGE100_SANDBOX_DIR ?? null) : o.dir,
  };
}

function companyDir(dir: string | null, companyId: string): string {
  return dir ? path.join(dir, companyId) : path.join(os.tmpdir(), "ledgerlink-sage100-sandbox", companyId);
}

function savedToken(dir: string | null, companyId: string, agentId: string): string | null {
  if (!dir) return null;
  try {
    const config = readConfig(path.join(companyDir(dir, companyId), "agent.json"));
    return config.agentId === agentId && config.token ? config.token : null;
  } catch {
    return null;
  }
}

/** Pairs through the same service the /api/agent/pair route uses, so pairing needs no HTTP round trip to ourselves. */
async function pairSandbox(
  company: { id: string; orgId: string },
  userId: string | null,
  baseUrl: string,
  dir: string | null,
) {
  const { code } = await createPairingCode({ orgId: company.orgId, companyId: company.id, userId, sandbox: true });
  const paired = await exchangePairingCode({
    code,
    hostname: "ledgerlink-sandbox",
    agentVersion: AGENT_VERSION,
    driver: "simulator",
    sageCompany: "ABC",
  });
  if (dir)
    writeConfig(path.join(companyDir(dir, company.id), "agent.json"), {
      server: baseUrl,
      agentId: paired.agentId,
      token: paired.token,
      companyName: paired.company.name,
      driver: "simulator",
    });
  return paired;
}

function launch(companyId: string, agentId: string, token: string, o: SandboxOptions): RunningSandbox {
  const { baseUrl, dir } = settings(o);
  const home = companyDir(dir, companyId);
  fs.mkdirSync(home, { recursive: true });
  const sim = createSage100Simulator({ stateFile: dir ? path.join(home, "sage100.json") : null });
  const driver = createSimulatorDriver({ sim });
  const runner = new AgentRunner({
    client: new ServerClient(baseUrl, token),
    driver,
    state: new StateStore(home),
    hostname: "ledgerlink-sandbox",
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 15_000,
    changesIntervalMs: o.changesIntervalMs ?? 30_000,
    log: (level, message) => {
      // Sandbox agents log every command at info level: only when asked (SAGE100_SANDBOX_VERBOSE=1).
      if (!(o.quiet ?? process.env.SAGE100_SANDBOX_VERBOSE !== "1") || level !== "info")
        console[level === "info" ? "log" : level](`[sage100 sandbox ${companyId}] ${message}`);
    },
  });
  const entry: RunningSandbox = {
    agentId,
    runner,
    driver,
    finished: runner.run().then(async () => {
      if (running.get(companyId) === entry) running.delete(companyId);
      await driver.close();
      sim.close(); // flushes the simulated Sage 100 to its state file
    }),
  };
  running.set(companyId, entry);
  return entry;
}

export async function startSandboxAgent(
  input: { orgId: string; companyId: string; userId: string } & SandboxOptions,
): Promise<{ agentId: string; alreadyRunning: boolean }> {
  const { orgId, companyId, userId } = input;
  const company = await db.company.findFirst({ where: { id: companyId, orgId }, select: { id: true, orgId: true } });
  if (!company) throw AppError.notFound("Company");
  const pending = starting.get(companyId);
  if (pending) await pending.catch(() => undefined);
  const start = (async () => {
    const active = await db.sage100Agent.findUnique({
      where: { activeCompanyId: companyId },
      select: { id: true, sandbox: true },
    });
    if (active && !active.sandbox)
      throw new AppError(
        "PRECONDITION_FAILED",
        "A real agent is paired with this company. Revoke it first to try the sandbox.",
      );
    const current = running.get(companyId);
    if (active && current?.agentId === active.id) return { agentId: active.id, alreadyRunning: true };
    if (current) await stopSandboxAgent(companyId);
    const { baseUrl, dir } = settings(input);
    const token = active ? savedToken(dir, companyId, active.id) : null;
    const paired = token && active ? { agentId: active.id, token } : await pairSandbox(company, userId, baseUrl, dir);
    launch(companyId, paired.agentId, paired.token, input);
    await recordAudit(db, {
      orgId,
      companyId,
      actorUserId: userId,
      action: "sage100.sandbox_started",
      targetType: "Sage100Agent",
      targetId: paired.agentId,
    });
    return { agentId: paired.agentId, alreadyRunning: false };
  })();
  starting.set(companyId, start);
  try {
    return await start;
  } finally {
    if (starting.get(companyId) === start) starting.delete(companyId);
  }
}

export async function stopSandboxAgent(companyId: string): Promise<void> {
  const entry = running.get(companyId);
  if (!entry) return;
  await entry.runner.stop("sandbox stopped");
  await entry.finished;
}

/** After an app restart: every company whose active agent is a sandbox gets it running again. */
export async function resumeSandboxAgents(options: SandboxOptions = {}): Promise<number> {
  const agents = await db.sage100Agent.findMany({
    where: { sandbox: true, activeCompanyId: { not: null } },
    select: { id: true, companyId: true, pairedById: true, company: { select: { id: true, orgId: true } } },
  });
  let resumed = 0;
  for (const agent of agents) {
    if (running.has(agent.companyId)) continue;
    try {
      const { baseUrl, dir } = settings(options);
      const token = savedToken(dir, agent.companyId, agent.id);
      // Without its saved token (memory-only sandbox, or a fresh disk) the sandbox pairs again, replacing itself.
      const paired = token
        ? { agentId: agent.id, token }
        : await pairSandbox(agent.company, agent.pairedById, baseUrl, dir);
      launch(agent.companyId, paired.agentId, paired.token, options);
      resumed++;
    } catch (error) {
      console.error(
        `[sage100 sandbox ${agent.companyId}] could not resume: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return resumed;
}

export function isSandboxRunning(companyId: string): boolean {
  return running.has(companyId);
}

/** The simulator behind a running sandbox agent (to show what landed in "Sage 100"). */
export function sandboxSimulator(companyId: string): Sage100Simulator | null {
  return running.get(companyId)?.driver.sim ?? null;
}

/** Stops every sandbox agent of this process (tests, shutdown). */
export async function stopAllSandboxAgents(): Promise<void> {
  await Promise.all([...running.keys()].map((id) => stopSandboxAgent(id)));
}
