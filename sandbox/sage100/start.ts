// Starts the Sage 100 sandbox over HTTP: npx tsx sandbox/sage100/start.ts
// Env: SAGE100_SANDBOX_PORT (4020), SAGE100_SANDBOX_HOST (127.0.0.1), SAGE100_SANDBOX_STATE
// (<repo>/.data/sage100-sandbox.json), SAGE100_SANDBOX_ADMIN_KEY (sandbox-admin).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSage100Server } from "./http/server";
import { createSage100Simulator } from "./simulator";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const port = Number(process.env.SAGE100_SANDBOX_PORT ?? 4020);
const host = process.env.SAGE100_SANDBOX_HOST ?? "127.0.0.1";
const stateFile = process.env.SAGE100_SANDBOX_STATE ?? path.join(repoRoot, ".data", "sage100-sandbox.json");

const sim = createSage100Simulator({ stateFile });
const server = createSage100Server(sim);
const running = await server.listen(port, host);
console.log(
  `[sage100] sandbox listening on ${running.url} (state ${stateFile}); companies: ${sim
    .listCompanies()
    .map((c) => c.code)
    .join(", ")}`,
);

const shutdown = async () => {
  sim.close();
  await running.close();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
