// The simulator driver: the same BOI object model from sandbox/sage100, in process. Only session creation (and the
// by-ref factory) differs from the boi driver; the command logic is shared.
import {
  byRef,
  createSage100Server,
  createSage100Simulator,
  DEFAULT_HOME_PATH,
  type Sage100Simulator,
} from "../../../../sandbox/sage100";
import type { BoiScript } from "../boi-types";
import { closeBoiSession, openBoiSession } from "../open-session";
import { SessionPool } from "../session-pool";
import type { OdbcReader, Sage100Driver } from "../types";

export type SimulatorDriverSettings = {
  /** An existing simulator (tests, the server's sandbox agents); otherwise one is created. */
  sim?: Sage100Simulator;
  /** State file of a created simulator; omitted = memory only. */
  stateFile?: string;
  company?: string;
  user?: string;
  password?: string;
  maxSessions?: number;
  /** Also serve the simulator's HTTP inspection/ODBC/admin endpoints on this port (0 = any free port). */
  inspectPort?: number;
  inspectHost?: string;
};

export type SimulatorDriver = Sage100Driver & { readonly sim: Sage100Simulator; inspectUrl(): string | null };

export function createSimulatorDriver(settings: SimulatorDriverSettings = {}): SimulatorDriver {
  const sim = settings.sim ?? createSage100Simulator({ stateFile: settings.stateFile ?? null });
  const company = (settings.company ?? "ABC").toUpperCase();
  const sessionSettings = {
    homePath: DEFAULT_HOME_PATH,
    user: settings.user ?? "LEDGERLINK",
    password: settings.password ?? "ledgerlink",
    company,
  };
  const pool = new SessionPool({
    max: settings.maxSessions ?? 1,
    open: () => openBoiSession(sim.createScript() as unknown as BoiScript, byRef, sessionSettings),
    close: (handle) => closeBoiSession(handle.session),
  });
  const odbc: OdbcReader = {
    query: async (sql, params = []) => sim.sql(company, sql, params).rows,
    close: async () => undefined,
  };
  let inspect: { url: string; close(): Promise<void> } | null = null;
  const inspectReady =
    settings.inspectPort === undefined
      ? Promise.resolve()
      : createSage100Server(sim)
          .listen(settings.inspectPort, settings.inspectHost ?? "127.0.0.1")
          .then((s) => void (inspect = s));
  return {
    name: "simulator",
    company,
    sim,
    odbc,
    inspectUrl: () => inspect?.url ?? null,
    async withSession(fn) {
      await inspectReady;
      return pool.use(fn);
    },
    sessionStats: () => pool.stats(),
    drain: () => pool.drain(),
    resume: () => pool.resume(),
    // A simulator with a state file writes it later: written now, before any result goes back. One kept in memory
    // only has nothing to make durable, so its results go back one by one, as Sage 100's do.
    ...(sim.stateFile ? { commit: async () => sim.flush() } : {}),
    async close() {
      await pool.close();
      await inspectReady.catch(() => undefined);
      await inspect?.close();
      if (!settings.sim) sim.close();
    },
  };
}
