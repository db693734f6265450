// The `db:*` commands: parse arguments, find the database, run one schema-engine operation, print one line.
import path from "node:path";
import { resolveDatabase } from "../lib/database";
import type { RunningPostgres } from "../lib/embedded-postgres";
import { databaseHost, isLocalDatabase } from "./local-database";
import {
  checkDrift,
  createMigration,
  deployMigrations,
  migrationStatus,
  resetDatabase,
  withSchemaEngine,
  type DbEngine,
} from "./schema-engine";

const ROOT = path.resolve(import.meta.dirname, "../..");

export const USAGE = [
  "usage: tsx scripts/db/cli.ts <command> [--schema <file>] [--migrations <dir>]",
  "  migrate          apply pending migrations (prisma migrate deploy)",
  "  create <name>    write prisma/migrations/<timestamp>_<name>/migration.sql for schema changes",
  "  status           exit 1 when migrations are pending, failed or edited",
  "  drift            exit 1 when schema.prisma has changes without a migration (uses a shadow database only)",
  "  reset [--force]  drop everything and re-apply all migrations (--force for a non-local host)",
].join("\n");

export type CommandIo = {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The database to use; defaults to resolveDatabase() (DATABASE_URL, else the embedded dev cluster). */
  database: () => Promise<RunningPostgres>;
};

type Parsed = { command: string; name?: string; force: boolean; schema: string; migrations: string };

class UsageError extends Error {}

function parse(argv: string[]): Parsed {
  const positional: string[] = [];
  const parsed: Parsed = {
    command: "",
    force: false,
    schema: path.join(ROOT, "prisma/schema.prisma"),
    migrations: path.join(ROOT, "prisma/migrations"),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = () => {
      const next = argv[++i];
      if (!next) throw new UsageError(`${arg} needs a value`);
      return path.resolve(next);
    };
    if (arg === "--force") parsed.force = true;
    else if (arg === "--schema") parsed.schema = value();
    else if (arg === "--migrations") parsed.migrations = value();
    else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [command = "", ...rest] = positional;
  parsed.command = command;
  if (command === "create") {
    // npm passes `db:migration:create add invoices` as two words: they make one name.
    if (rest.length === 0)
      throw new UsageError("create needs a migration name, e.g. `npm run db:migration:create add_invoices`");
    parsed.name = rest.join(" ");
  } else if (rest.length > 0) {
    throw new UsageError(`unexpected argument ${rest[0]}`);
  }
  if (!["migrate", "create", "status", "drift", "reset"].includes(command)) {
    throw new UsageError(command ? `unknown command ${command}` : "missing command");
  }
  return parsed;
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") ? relative : file;
}

function list(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

async function run(args: Parsed, db: DbEngine, io: Pick<CommandIo, "out" | "err">): Promise<number> {
  const migrations = shown(args.migrations);
  switch (args.command) {
    case "migrate": {
      const applied = await deployMigrations(db);
      io.out(
        applied.length
          ? `Applied ${applied.length} migration(s): ${list(applied)}`
          : "Database is up to date: no pending migrations.",
      );
      return 0;
    }
    case "create": {
      const created = await createMigration(db, args.name ?? "");
      if (!created) {
        io.out(`No schema changes: ${shown(args.schema)} matches ${migrations}; nothing written.`);
        return 0;
      }
      io.out(`Created ${shown(created.path)}: review it, then run \`npm run db:migrate\`.`);
      return 0;
    }
    case "status": {
      const status = await migrationStatus(db);
      const problems = [
        status.failed.length && `failed: ${list(status.failed)}`,
        status.edited.length && `edited after being applied: ${list(status.edited)}`,
        status.pending.length &&
          `${status.pending.length} pending: ${list(status.pending)} (run \`npm run db:migrate\`)`,
        status.notInFolder.length && `applied but missing from ${migrations}: ${list(status.notInFolder)}`,
      ].filter(Boolean);
      if (problems.length === 0) {
        io.out(`Database is up to date: ${status.total} migration(s) applied.`);
        return 0;
      }
      io.err(`Database is not up to date: ${problems.join("; ")}.`);
      return 1;
    }
    case "drift": {
      const drift = await checkDrift(db);
      if (!drift.drift) {
        io.out(`No drift: ${shown(args.schema)} matches ${migrations}.`);
        return 0;
      }
      io.err(
        `Drift: ${shown(args.schema)} has changes without a migration. Run \`npm run db:migration:create <name>\` and commit the new migration. Missing SQL:\n${drift.sql.trimEnd()}`,
      );
      return 1;
    }
    case "reset": {
      const applied = await resetDatabase(db);
      io.out(`Reset the database: dropped everything, re-applied ${applied.length} migration(s).`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${args.command}`);
  }
}

/** Runs one command and returns the process exit code: 0 ok, 1 failed / drift / not up to date, 2 usage. */
export async function runDbCommand(argv: string[], io: Partial<CommandIo> = {}): Promise<number> {
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  let args: Parsed;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`${error.message}\n${USAGE}`);
    return 2;
  }
  let database: RunningPostgres | null = null;
  try {
    database = await (io.database ?? (() => resolveDatabase()))();
    if (args.command === "reset" && !args.force && !isLocalDatabase(database.url)) {
      err(
        `Refusing to reset the database on ${databaseHost(database.url)}: not this machine. Pass --force if you mean it.`,
      );
      return 1;
    }
    const options = { databaseUrl: database.url, schemaPath: args.schema, migrationsDir: args.migrations };
    return await withSchemaEngine(options, (db) => run(args, db, { out, err }));
  } catch (error) {
    err(`db ${args.command} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.stop();
  }
}
