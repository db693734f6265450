// Builds the driver named in the config. Each driver is imported on demand, so a Windows install never loads the
// simulator and a laptop never loads COM.
import type { AgentConfig } from "../runtime/config";
import type { Sage100Driver } from "./types";

/** `simulatorStateFile`: where a simulator keeps its Sage data when the config names no file (next to the config). */
export async function createDriver(
  config: AgentConfig,
  defaults: { simulatorStateFile?: string } = {},
): Promise<Sage100Driver> {
  if (config.driver === "boi") {
    const { createBoiDriver } = await import("./boi/boi-driver");
    return createBoiDriver({ ...config.sage });
  }
  const { createSimulatorDriver } = await import("./simulator/simulator-driver");
  const driver = createSimulatorDriver({
    company: config.sage.company,
    user: config.sage.user,
    password: config.sage.password,
    maxSessions: config.sage.maxSessions,
    stateFile: config.simulator.stateFile ?? defaults.simulatorStateFile,
    inspectPort: config.simulator.inspectPort,
  });
  return driver;
}
