// The app as Playwright sees it: a fresh migrated database, the simulators, and `next start` on E2E_PORT.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { seedDemo } from "../prisma/seed";
import { demoSetupToken } from "../server/services/demo/demo-token";
import { ensureNextBuild, NEXT_BIN } from "./lib/next-build";
import { startSimulators } from "./lib/simulators";
import { createTestDatabase } from "./lib/test-database";

const ROOT = path.resolve(import.meta.dirname, "..");
const AUTH_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-0123";
const port = Number(process.env.E2E_PORT ?? 3100);
const log = (line: string) => console.log(`[e2e-server] ${line}`);

// Per port, so two e2e runs side by side (two terminals) never share a database or state files.
const stateDir = path.join(ROOT, `.data/e2e-${port}`);
const database = await createTestDatabase(`ledgerlink_e2e_${port}`);
await seedDemo(database.url);
const appUrl = `http://localhost:${port}`;
const simulators = await startSimulators({ dataDir: null, appUrl, oauthClientSecret: "e2e-oauth-client-secret", log });
// Journeys that must reach into the database (e.g. to age a session) find it here.
fs.mkdirSync(stateDir, { recursive: true });
fs.writeFileSync(path.join(stateDir, "database-url"), database.url);
fs.writeFileSync(path.join(stateDir, "simulators.json"), JSON.stringify(simulators.env));
fs.writeFileSync(path.join(stateDir, "demo-token"), demoSetupToken(AUTH_SECRET));
ensureNextBuild(log);
// Not listening until the fuzz suite sends SIGUSR1 to force a garbage collection before it reads the server's memory.
const inspectorPort = port + 20_000;
const inspect = `--inspect-port=127.0.0.1:${inspectorPort}`;
const next = spawn(process.execPath, [inspect, NEXT_BIN, "start", "-p", String(port)], {
  cwd: ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    ...simulators.env,
    DATABASE_URL: database.url,
    AUTH_SECRET,
    ENCRYPTION_KEY: "e2e0".repeat(16),
    APP_URL: appUrl,
    APP_ENV: "test",
    NEXT_TELEMETRY_DISABLED: "1",
    RESEND_API_KEY: "",
    // Every journey signs in from 127.0.0.1, the demo user several times: room for a whole run.
    SIGN_IN_ADDRESS_BURST: "1000",
    SIGN_IN_EMAIL_BURST: "20",
  },
});
// The fuzz suite reads the server's memory from /proc through this pid.
fs.writeFileSync(path.join(stateDir, "next.pid"), String(next.pid));
fs.writeFileSync(path.join(stateDir, "next.inspector-port"), String(inspectorPort));

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  // The app goes first: its runner and agents would otherwise spend their last seconds failing to reach the database.
  if (next.exitCode === null && next.signalCode === null) {
    const exited = new Promise<void>((resolve) => next.once("exit", () => resolve()));
    next.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
  await simulators.stop();
  await database.dispose();
  process.exit(code);
};
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
next.on("exit", (code) => void stop(code ?? 1));
