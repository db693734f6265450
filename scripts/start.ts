// `npm start`: the whole product on one machine — embedded PostgreSQL (unless DATABASE_URL is set), migrations,
// the seeded demo, the simulators and the app at http://localhost:3000. `--dev` runs `next dev` instead.
import { spawn } from "node:child_process";
import path from "node:path";
import { seedDemo, DEMO_EMAIL } from "../prisma/seed";
import { demoSetupToken } from "../server/services/demo/demo-token";
import { resolveDatabase } from "./lib/database";
import { localSecrets } from "./lib/local-secrets";
import { migrateDatabase } from "./lib/migrate";
import { ensureNextBuild, NEXT_BIN } from "./lib/next-build";
import { startSimulators } from "./lib/simulators";
import { waitForHttp } from "./lib/wait-for";

const ROOT = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const log = (line: string) => console.log(`[ledgerlink] ${line}`);

async function main() {
  const database = await resolveDatabase();
  log(
    process.env.DATABASE_URL
      ? "using DATABASE_URL"
      : `embedded PostgreSQL at ${database.url.replace(/:[^:@/]+@/, ":***@")}`,
  );
  const applied = await migrateDatabase(database.url);
  log(applied.length ? `applied ${applied.length} migration(s)` : "database schema up to date");
  await seedDemo(database.url);
  const secrets = localSecrets(path.join(ROOT, ".data"));
  const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
  const simulators = await startSimulators({
    dataDir: path.join(ROOT, ".data"),
    appUrl,
    oauthClientSecret: secrets.KASHFLOW_SANDBOX_CLIENT_SECRET,
    log,
  });
  const env = {
    ...process.env,
    ...simulators.env,
    DATABASE_URL: database.url,
    AUTH_SECRET: process.env.AUTH_SECRET ?? secrets.AUTH_SECRET,
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? secrets.ENCRYPTION_KEY,
    APP_URL: appUrl,
    APP_ENV: process.env.APP_ENV ?? "development",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!dev) ensureNextBuild(log);
  const next = spawn(process.execPath, [NEXT_BIN, dev ? "dev" : "start", "-p", String(port)], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    next.kill("SIGTERM");
    await simulators.stop();
    await database.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  next.on("exit", (code) => void stop(code ?? 1));

  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 120_000);
  await connectDemo(port, env.AUTH_SECRET);
  log(`Ledgerlink is up at ${appUrl}`);
  log(`sign in as ${DEMO_EMAIL}, then open ${appUrl}/dev/outbox and click the sign-in link`);
  for (const line of simulators.banner) log(line);
}

/** The demo company comes connected to the KashFlow sandbox and a sandbox Sage 100 agent (idempotent). */
async function connectDemo(port: number, authSecret: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/dev/demo-setup`, {
    method: "POST",
    headers: { "x-ledgerlink-demo-token": demoSetupToken(authSecret) },
  }).catch(() => null);
  if (res?.ok) log("demo company connected to the KashFlow sandbox and a sandbox Sage 100 agent");
  else
    log(
      `could not connect the demo company to the sandboxes (HTTP ${res?.status ?? "?"}); use "Try with a sandbox" on its page`,
    );
}

main().catch((error) => {
  console.error(`[ledgerlink] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
