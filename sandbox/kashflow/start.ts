// `npx tsx sandbox/kashflow/start.ts` — runs the sandbox with state in .data/kashflow-sandbox.json.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createKashflowSandbox } from "./sandbox";

const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const port = Number(process.env.KASHFLOW_SANDBOX_PORT ?? 4010);
const host = process.env.KASHFLOW_SANDBOX_HOST ?? "127.0.0.1";
const stateFile = resolve(repoRoot, process.env.KASHFLOW_SANDBOX_STATE ?? ".data/kashflow-sandbox.json");
const adminKey = process.env.KASHFLOW_SANDBOX_ADMIN_KEY ?? "sandbox-admin";
const latencyMs = Number(process.env.KASHFLOW_SANDBOX_LATENCY_MS ?? 0);

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`KASHFLOW_SANDBOX_PORT must be a port number, got '${process.env.KASHFLOW_SANDBOX_PORT}'.`);
  process.exit(1);
}

const sandbox = createKashflowSandbox({ stateFile, adminKey, latencyMs });
const running = await sandbox.listen(port, host);
console.log(`KashFlow sandbox listening on ${running.url} (API ${running.url}/v2, state ${stateFile})`);
if (adminKey === "sandbox-admin")
  console.log("Admin API uses the default key 'sandbox-admin' (set KASHFLOW_SANDBOX_ADMIN_KEY to change it).");

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, flushing state and stopping…`);
  await sandbox.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
