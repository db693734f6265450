// The KashFlow and Sage 100 simulators and the Stripe stand-in for local runs (npm start, the e2e server): one
// starter per simulator.
import path from "node:path";
import { createSage100Server, createSage100Simulator } from "../../sandbox/sage100";
import { freePort } from "./embedded-postgres";
import { startKashflowSandbox } from "./kashflow-sandbox";
import { startStripeStandin } from "./stripe-standin";

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
  const sandbox = await startKashflowSandbox({
    dataDir: o.dataDir,
    appUrl: o.appUrl,
    preferredPort: 4010,
    clientSecret: o.oauthClientSecret,
  });
  return {
    env: sandbox.env,
    banner: [`KashFlow sandbox at ${sandbox.url} (admin key in KASHFLOW_SANDBOX_ADMIN_KEY)`],
    stop: sandbox.stop,
  };
}

// Sage 100 has no network API: the app's sandbox agents run the simulator in process (state under
// SAGE100_SANDBOX_DIR). This standalone one serves the seeded company's inspection, ODBC and admin endpoints.
async function sage100(o: SimulatorOptions): Promise<RunningSimulators> {
  const adminKey = process.env.SAGE100_SANDBOX_ADMIN_KEY || "sandbox-admin";
  const sim = createSage100Simulator({ stateFile: o.dataDir ? path.join(o.dataDir, "sage100-sandbox.json") : null });
  const server = await createSage100Server(sim, { adminKey }).listen(await freePort(4020));
  let stopped: Promise<void> | undefined;
  return {
    env: {
      SAGE100_SANDBOX_URL: server.url,
      SAGE100_SANDBOX_ADMIN_KEY: adminKey,
      ...(o.dataDir ? { SAGE100_SANDBOX_DIR: path.join(o.dataDir, "sage100-sandbox-agents") } : {}),
    },
    banner: [
      `Sage 100 simulator at ${server.url} (GET /companies/ABC/tables); "Try with a sandbox" agents keep their state in ${o.dataDir ? path.join(o.dataDir, "sage100-sandbox-agents") : "memory"}`,
    ],
    // Stopping twice (a signal, then the app's exit) must not close the server twice.
    stop: () => (stopped ??= server.close().finally(() => sim.close())),
  };
}

// Billing against a local Stripe, unless `npm start` is given a real test key (STRIPE_SECRET_KEY, no STRIPE_API_URL).
// The e2e server (no data dir) always uses the stand-in.
async function stripe(o: SimulatorOptions): Promise<RunningSimulators> {
  if (o.dataDir && process.env.STRIPE_SECRET_KEY && !process.env.STRIPE_API_URL) {
    return {
      env: {},
      banner: ["Stripe: using the real API with STRIPE_SECRET_KEY (no stand-in)"],
      stop: async () => {},
    };
  }
  const standin = await startStripeStandin({ appUrl: o.appUrl, dataDir: o.dataDir, preferredPort: 4030 });
  return { env: standin.env, banner: standin.banner, stop: standin.stop };
}

export async function startSimulators(o: SimulatorOptions): Promise<RunningSimulators> {
  const started = [await kashflow(o), await sage100(o), await stripe(o)];
  return {
    env: Object.assign({}, ...started.map((s) => s.env)),
    banner: started.flatMap((s) => s.banner),
    stop: async () => {
      for (const s of started.reverse()) await s.stop();
    },
  };
}
