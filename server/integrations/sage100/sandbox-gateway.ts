// The one door from product code to "Try with a sandbox" Sage 100 agents. They run the simulator (sandbox/sage100)
// inside the app, so they are loaded by a dynamic import, only when the sandbox is on (SAGE100_SANDBOX, lib/env.ts)
// and first needed; with it off, or before the first sandbox starts, nothing of the simulator is in the process.
import { AppError } from "@/lib/errors";
import { sage100SandboxEnabled } from "@/lib/env";
import { db } from "@/server/db";

type SandboxAgents = typeof import("./sandbox/sandbox-agents");
type SandboxDocuments = typeof import("./sandbox/sandbox-documents");
type Loaded = { agents: SandboxAgents; documents: SandboxDocuments };

// On globalThis, like the registry of running agents, so a dev-server reload still finds the loaded module.
const holder = globalThis as unknown as { ledgerlinkSandboxModules?: Promise<Loaded> };

function load(): Promise<Loaded> {
  if (!sage100SandboxEnabled())
    throw new AppError("PRECONDITION_FAILED", "The Sage 100 sandbox is turned off on this server.", {
      reason: "SandboxOff",
    });
  holder.ledgerlinkSandboxModules ??= Promise.all([
    import("./sandbox/sandbox-agents"),
    import("./sandbox/sandbox-documents"),
  ]).then(([agents, documents]) => ({ agents, documents }));
  return holder.ledgerlinkSandboxModules;
}

/** The sandbox modules when this process has loaded them; null means no sandbox agent can be running here. */
const loadedAlready = (): Promise<Loaded> | null => holder.ledgerlinkSandboxModules ?? null;

export type StartSandboxInput = Parameters<SandboxAgents["startSandboxAgent"]>[0];

export async function startSandboxAgent(
  input: StartSandboxInput,
): Promise<{ agentId: string; alreadyRunning: boolean }> {
  return (await load()).agents.startSandboxAgent(input);
}

export async function stopSandboxAgent(companyId: string): Promise<void> {
  const loaded = loadedAlready();
  if (loaded) await (await loaded).agents.stopSandboxAgent(companyId);
}

export async function isSandboxRunning(companyId: string): Promise<boolean> {
  const loaded = loadedAlready();
  return loaded ? (await loaded).agents.isSandboxRunning(companyId) : false;
}

/** After an app restart: brings back the sandbox agents that were running (loads the simulator only if there are any). */
export async function resumeSandboxAgents(): Promise<number> {
  if (!sage100SandboxEnabled()) return 0;
  const any = await db.sage100Agent.count({ where: { sandbox: true, activeCompanyId: { not: null } } });
  return any > 0 ? (await load()).agents.resumeSandboxAgents() : 0;
}

/** What landed in the company's sandbox Sage 100 ("see it in Sage 100"); nothing when no sandbox runs here. */
export async function listSandboxDocuments(o: {
  orgId: string;
  companyId: string;
  query?: string;
  take?: number;
}): ReturnType<SandboxDocuments["listSandboxDocuments"]> {
  const loaded = loadedAlready();
  if (loaded) return (await loaded).documents.listSandboxDocuments(o);
  if (!(await db.company.findFirst({ where: { id: o.companyId, orgId: o.orgId }, select: { id: true } })))
    throw AppError.notFound("Company");
  return { running: false, documents: [] };
}
