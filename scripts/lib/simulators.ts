// The KashFlow and Sage 100 simulators for local runs (npm start, the e2e server): one starter per simulator.
import { startKashflowSandbox } from "./kashflow-sandbox";

export type RunningSimulators = { env: Record<string, string>; banner: string[]; stop: () => Promise<void> };

export type SimulatorOptions = {
  /** Where simulators keep state between runs; null keeps everything in memory (tests). */
  dataDir: string | null;
  appUrl: string;
  /** Secret of the app's OAuth client at the KashFlow sandbox. */
  oauthClientSecret: string;
  log: (line: string) => void;
};

async function kashflow(o: SimulatorOptions): Promise<RunningSimulators> {
  const sandbox = await startKashflowSandbox({ dataDir: o.dataDir, appUrl: o.appUrl, preferredPort: 4010, clientSecret: o.oauthClientSecret });
  return { env: sandbox.env, banner: [`KashFlow sandbox at ${sandbox.url} (admin key in KASHFLOW_SANDBOX_ADMIN_KEY)`], stop: sandbox.stop };
}

export async function startSimulators(o: SimulatorOptions): Promise<RunningSimulators> {
  const started = [await kashflow(o)];
  return {
    env: Object.assign({}, ...started.map((s) => s.env)),
    banner: started.flatMap((s) => s.banner),
    stop: async () => {
      for (const s of started.reverse()) await s.stop();
    },
  };
}
