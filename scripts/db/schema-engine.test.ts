// The migration library against a real throwaway PostgreSQL: create, deploy, status, drift, reset.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_FILE_CONTENT } from "./migrations-folder";
import {
  checkDrift,
  createMigration,
  deployMigrations,
  migrationStatus,
  resetDatabase,
  withSchemaEngine,
  type SchemaEngineOptions,
} from "./schema-engine";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./throwaway-postgres";

const HEADER = `generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}
`;

const V1 = `${HEADER}
enum Role {
  OWNER
  VIEWER
}

model Organization {
  id          String       @id @default(cuid())
  name        String
  memberships Membership[]
}

model Membership {
  id     String       @id @default(cuid())
  orgId  String
  email  String
  role   Role         @default(VIEWER)
  org    Organization @relation(fields: [orgId], references: [id], onDelete: Cascade)

  @@unique([orgId, email])
}
`;

const V2 = V1.replace("  name        String\n", '  name        String\n  timezone    String       @default("UTC")\n');

let server: ThrowawayPostgres;
const tempDirs: string[] = [];

function project(schema: string): { dir: string; options: (databaseUrl: string) => SchemaEngineOptions } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerlink-db-"));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, "schema.prisma"), schema);
  return {
    dir,
    options: (databaseUrl) => ({
      databaseUrl,
      schemaPath: path.join(dir, "schema.prisma"),
      migrationsDir: path.join(dir, "migrations"),
    }),
  };
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

async function shadowDatabases(): Promise<string[]> {
  const rows = await server.query<{ datname: string }>(
    server.serverUrl,
    "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
  );
  return rows.map((row) => row.datname);
}

beforeAll(async () => {
  server = await startThrowawayPostgres();
});

afterAll(async () => {
  await server?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a schema's migration history, step by step", () => {
  const { dir, options } = project(V1);
  const migrationsDir = path.join(dir, "migrations");
  let url: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    url = await server.createDatabase();
  });

  it("creates the first migration in Prisma's folder layout", async () => {
    const created = await withSchemaEngine(options(url), (db) => createMigration(db, "Init schema"));
    expect(created).not.toBeNull();
    first = created!.directory;
    expect(first).toMatch(/^\d{14}_init_schema$/);
    expect(fs.readFileSync(path.join(migrationsDir, first, "migration.sql"), "utf8")).toBe(created!.sql);
    expect(created!.sql).toContain('CREATE TABLE "Organization"');
    expect(created!.sql).toContain('CREATE TYPE "Role" AS ENUM');
    expect(fs.readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toBe(LOCK_FILE_CONTENT);
    expect(LOCK_FILE_CONTENT).toContain('provider = "postgresql"');
  });

  it("deploys it once, and a second deploy applies nothing", async () => {
    expect(await withSchemaEngine(options(url), deployMigrations)).toEqual([first]);
    expect(await withSchemaEngine(options(url), deployMigrations)).toEqual([]);
    const tables = await server.query<{ tablename: string }>(
      url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.tablename)).toEqual(["Membership", "Organization", "_prisma_migrations"]);
  });

  it("reports a clean status", async () => {
    const status = await withSchemaEngine(options(url), migrationStatus);
    expect(status).toEqual({
      total: 1,
      pending: [],
      failed: [],
      edited: [],
      notInFolder: [],
      hasMigrationsTable: true,
      upToDate: true,
    });
  });

  it("records Prisma's standard checksum: sha256 of migration.sql", async () => {
    const file = fs.readFileSync(path.join(migrationsDir, first, "migration.sql"));
    const rows = await server.query<{
      migration_name: string;
      checksum: string;
      finished: boolean;
      applied_steps_count: number;
    }>(
      url,
      "SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count FROM _prisma_migrations",
    );
    expect(rows).toEqual([
      {
        migration_name: first,
        checksum: createHash("sha256").update(file).digest("hex"),
        finished: true,
        applied_steps_count: 1,
      },
    ]);
  });

  it("detects drift when the schema changes without a migration", async () => {
    fs.writeFileSync(path.join(dir, "schema.prisma"), V2);
    const drift = await withSchemaEngine(options(url), checkDrift);
    expect(drift.drift).toBe(true);
    expect(drift.sql).toContain('ALTER TABLE "Organization" ADD COLUMN');
    expect(drift.sql).toContain("\"timezone\" TEXT NOT NULL DEFAULT 'UTC'");
    // The database still matches the folder: drift is about the folder and the schema.
    expect((await withSchemaEngine(options(url), migrationStatus)).upToDate).toBe(true);
  });

  it("creates the second migration, after which there is no drift", async () => {
    const created = await withSchemaEngine(options(url), (db) => createMigration(db, "add timezone"));
    second = created!.directory;
    expect(second).toMatch(/^\d{14}_add_timezone$/);
    expect(second > first).toBe(true);
    expect(created!.sql).toContain('"timezone"');
    expect(created!.sql).not.toContain("CREATE TABLE");
    expect(await withSchemaEngine(options(url), checkDrift)).toEqual({ drift: false, sql: expect.any(String) });
  });

  it("shows the new migration as pending until it is deployed", async () => {
    const before = await withSchemaEngine(options(url), migrationStatus);
    expect(before.pending).toEqual([second]);
    expect(before.upToDate).toBe(false);
    expect(await withSchemaEngine(options(url), deployMigrations)).toEqual([second]);
    expect((await withSchemaEngine(options(url), migrationStatus)).upToDate).toBe(true);
  });

  it("writes nothing and returns null when there is no change", async () => {
    const before = listing(migrationsDir);
    expect(await withSchemaEngine(options(url), (db) => createMigration(db, "nothing"))).toBeNull();
    expect(listing(migrationsDir)).toEqual(before);
    expect(before).toHaveLength(5); // two directories, two migration.sql, the lock file
  });

  it("resets: drops data and history, then re-applies every migration", async () => {
    await server.query(url, `INSERT INTO "Organization" (id, name) VALUES ('org_1', 'Acme')`);
    await server.query(url, `CREATE TABLE "stray" (id int)`);
    expect(await withSchemaEngine(options(url), resetDatabase)).toEqual([first, second]);
    expect(await server.query(url, `SELECT id FROM "Organization"`)).toEqual([]);
    expect(await server.query(url, `SELECT to_regclass('"stray"') AS stray`)).toEqual([{ stray: null }]);
    const history = await server.query(url, "SELECT migration_name FROM _prisma_migrations ORDER BY started_at");
    expect(history).toEqual([{ migration_name: first }, { migration_name: second }]);
  });

  it("leaves no shadow database behind", async () => {
    expect(await shadowDatabases()).toEqual([]);
  });
});

describe("drift check in CI", () => {
  it("needs no migrated database: it replays the folder on a shadow database only", async () => {
    const { dir, options } = project(V1);
    const scratch = await server.createDatabase();
    await withSchemaEngine(options(scratch), (db) => createMigration(db, "init"));
    const neverMigrated = await server.createDatabase();
    expect((await withSchemaEngine(options(neverMigrated), checkDrift)).drift).toBe(false);
    fs.writeFileSync(path.join(dir, "schema.prisma"), V2);
    expect((await withSchemaEngine(options(neverMigrated), checkDrift)).drift).toBe(true);
    const tables = await server.query(neverMigrated, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables).toEqual([]);
    expect(await shadowDatabases()).toEqual([]);
  });

  it("says a role without CREATEDB cannot create the shadow database", async () => {
    const { options } = project(V1);
    const url = await server.createDatabase();
    await server.query(server.serverUrl, "CREATE ROLE no_createdb LOGIN PASSWORD 'pw'");
    const limited = new URL(url);
    limited.username = "no_createdb";
    limited.password = "pw";
    await expect(withSchemaEngine(options(limited.toString()), checkDrift)).rejects.toThrow(/CREATEDB/);
  });
});

describe("hand-written and failing migrations", () => {
  it("applies $$-bodies and semicolons inside strings as one script", async () => {
    const { dir, options } = project(V1);
    const url = await server.createDatabase();
    const migration = path.join(dir, "migrations", "20250101000000_immutable_notes");
    fs.mkdirSync(migration, { recursive: true });
    fs.writeFileSync(
      path.join(migration, "migration.sql"),
      [
        `CREATE TABLE "Note" ("id" TEXT PRIMARY KEY, "sep" TEXT NOT NULL DEFAULT ';');`,
        `CREATE FUNCTION note_immutable() RETURNS trigger AS $$`,
        `BEGIN`,
        `  RAISE EXCEPTION 'notes are immutable; add a new one';`,
        `END;`,
        `$$ LANGUAGE plpgsql;`,
        `CREATE TRIGGER note_immutable BEFORE UPDATE ON "Note" FOR EACH ROW EXECUTE FUNCTION note_immutable();`,
        ``,
      ].join("\n"),
    );
    expect(await withSchemaEngine(options(url), deployMigrations)).toEqual(["20250101000000_immutable_notes"]);
    await server.query(url, `INSERT INTO "Note" (id) VALUES ('n1')`);
    expect(await server.query(url, `SELECT sep FROM "Note"`)).toEqual([{ sep: ";" }]);
    await expect(server.query(url, `UPDATE "Note" SET sep = ','`)).rejects.toThrow(
      "notes are immutable; add a new one",
    );
  });

  it("does not report hand-written ledger rules (CHECK, partial index, trigger, view) as drift", async () => {
    const { options } = project(V1);
    const url = await server.createDatabase();
    const created = await withSchemaEngine(options(url), (db) => createMigration(db, "init"));
    fs.appendFileSync(
      created!.path,
      [
        `ALTER TABLE "Membership" ADD CONSTRAINT "Membership_email_lower" CHECK ("email" = lower("email"));`,
        `CREATE UNIQUE INDEX "Organization_one_acme" ON "Organization" ("name") WHERE "name" = 'Acme';`,
        `CREATE FUNCTION org_immutable() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'immutable; append instead'; END; $$ LANGUAGE plpgsql;`,
        `CREATE TRIGGER org_immutable BEFORE UPDATE ON "Organization" FOR EACH ROW EXECUTE FUNCTION org_immutable();`,
        `CREATE VIEW "OrganizationSizes" AS SELECT "orgId", count(*) AS members FROM "Membership" GROUP BY "orgId";`,
        ``,
      ].join("\n"),
    );
    expect(await withSchemaEngine(options(url), checkDrift)).toEqual({
      drift: false,
      sql: "-- This is an empty migration.\n",
    });
  });

  it("rolls a failing migration back entirely and reports it as failed", async () => {
    const { dir, options } = project(V1);
    const url = await server.createDatabase();
    const migration = path.join(dir, "migrations", "20250101000000_broken");
    fs.mkdirSync(migration, { recursive: true });
    fs.writeFileSync(path.join(migration, "migration.sql"), `CREATE TABLE "Half" ("id" TEXT);\nSELECT 1/0;\n`);
    await expect(withSchemaEngine(options(url), deployMigrations)).rejects.toThrow(
      "Migration 20250101000000_broken failed: Error querying the database: ERROR: division by zero",
    );
    expect(await server.query(url, `SELECT to_regclass('"Half"') AS half`)).toEqual([{ half: null }]);
    const status = await withSchemaEngine(options(url), migrationStatus);
    expect(status.failed).toEqual(["20250101000000_broken"]);
    expect(status.upToDate).toBe(false);
  });

  it("reports an edited migration", async () => {
    const { dir, options } = project(V1);
    const url = await server.createDatabase();
    const created = await withSchemaEngine(options(url), (db) => createMigration(db, "init"));
    await withSchemaEngine(options(url), deployMigrations);
    fs.appendFileSync(created!.path, "-- edited after deploy\n");
    const status = await withSchemaEngine(options(url), migrationStatus);
    expect(status.edited).toEqual([created!.directory]);
    expect(status.upToDate).toBe(false);
    expect(path.dirname(created!.path)).toBe(path.join(dir, "migrations", created!.directory));
  });
});

describe("a Ledgerlink-sized schema", () => {
  it("creates, deploys and drift-checks 15 models", async () => {
    const { options } = project(
      fs.readFileSync(path.join(import.meta.dirname, "test-fixtures/fifteen-models.prisma"), "utf8"),
    );
    const url = await server.createDatabase();
    const t0 = performance.now();
    const created = await withSchemaEngine(options(url), (db) => createMigration(db, "init"));
    const t1 = performance.now();
    expect(await withSchemaEngine(options(url), deployMigrations)).toEqual([created!.directory]);
    const t2 = performance.now();
    expect((await withSchemaEngine(options(url), checkDrift)).drift).toBe(false);
    const t3 = performance.now();
    const tables = await server.query(
      url,
      "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    expect(tables).toHaveLength(15);
    console.log(
      `15 models: create ${Math.round(t1 - t0)} ms, deploy ${Math.round(t2 - t1)} ms, drift check ${Math.round(t3 - t2)} ms`,
    );
  });
});

describe("connection failures", () => {
  it("names the unreachable server", async () => {
    const { options } = project(V1);
    await expect(
      withSchemaEngine(options("postgresql://postgres:x@127.0.0.1:1/nowhere"), deployMigrations),
    ).rejects.toThrow("Can't reach database server at `127.0.0.1:1`");
  });
});
