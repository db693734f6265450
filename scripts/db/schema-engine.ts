// Migrations through Prisma's wasm schema engine: deploy, status, create, drift check and reset on PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import type { DiffTarget, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { engineError } from "./engine-errors";
import { LOCK_FILE_CONTENT, readMigrationsList, writeMigration } from "./migrations-folder";
import { createMigrationAdapter, type MigrationAdapter } from "./pg-migration-adapter";
import { loadSchemaEngineClass, rejectOnWasmTrap, type SchemaEngine } from "./wasm-engine";

export type SchemaEngineOptions = {
  /** The database migrations are applied to; creating a migration only uses it to create a shadow database. */
  databaseUrl: string;
  /** Path of schema.prisma (Prisma 7: no url in the datasource block). */
  schemaPath: string;
  /** Prisma's standard folder, e.g. prisma/migrations. */
  migrationsDir: string;
  /** Receives the engine's debug log lines. */
  log?: (line: string) => void;
};

export type DbEngine = {
  readonly options: Readonly<SchemaEngineOptions>;
  readonly engine: SchemaEngine;
  readonly adapter: MigrationAdapter;
  /** Frees the wasm engine and ends every pool (and shadow database) it opened. Safe to call twice. */
  close: () => Promise<void>;
};

export type MigrationStatus = {
  /** Migrations in the folder. */
  total: number;
  /** In the folder, not applied to the database. */
  pending: string[];
  /** Started and never finished on the database: needs a human. */
  failed: string[];
  /** Applied, but migration.sql was changed afterwards (checksum mismatch). */
  edited: string[];
  /** Applied to the database but absent from the folder (another branch?). */
  notInFolder: string[];
  hasMigrationsTable: boolean;
  upToDate: boolean;
};

export type CreatedMigration = { directory: string; path: string; sql: string };
export type DriftResult = { drift: boolean; sql: string };

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

function readSchema(schemaPath: string): { path: string; content: string } | null {
  return fs.existsSync(schemaPath)
    ? { path: path.resolve(schemaPath), content: fs.readFileSync(schemaPath, "utf8") }
    : null;
}

function requireSchema(db: DbEngine): { path: string; content: string } {
  const schema = readSchema(db.options.schemaPath);
  if (!schema) throw new Error(`Schema file not found: ${db.options.schemaPath}`);
  return schema;
}

/** Runs one engine call, turning engine and adapter failures into a readable Error. */
async function call<T>(db: DbEngine, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  try {
    return await rejectOnWasmTrap(() => run(db.engine));
  } catch (error) {
    throw engineError(error, db.adapter.factory.errorRegistry);
  }
}

export async function openSchemaEngine(options: SchemaEngineOptions): Promise<DbEngine> {
  const SchemaEngineClass = loadSchemaEngineClass();
  const adapter = createMigrationAdapter(options.databaseUrl);
  const schema = readSchema(options.schemaPath);
  const log = options.log ?? (() => {});
  let engine: SchemaEngine;
  try {
    // `datamodels` must be undefined or non-empty; deploy and status don't need the schema.
    const datamodels: [string, string][] | undefined = schema ? [[schema.path, schema.content]] : undefined;
    engine = await rejectOnWasmTrap(() =>
      SchemaEngineClass.new({ datamodels }, (line: string) => log(line), adapter.factory),
    );
  } catch (error) {
    await adapter.close();
    throw engineError(error, adapter.factory.errorRegistry);
  }
  let closed: Promise<void> | null = null;
  return {
    options: { ...options, migrationsDir: path.resolve(options.migrationsDir) },
    engine,
    adapter,
    close: () => {
      closed ??= (async () => {
        try {
          engine.free();
        } finally {
          // Pools and shadow databases are ours to release even when the engine is in a bad state.
          await adapter.close();
        }
      })();
      return closed;
    },
  };
}

/** Opens an engine, runs `work`, and always frees it. */
export async function withSchemaEngine<T>(
  options: SchemaEngineOptions,
  work: (db: DbEngine) => Promise<T>,
): Promise<T> {
  const db = await openSchemaEngine(options);
  let result: T;
  try {
    result = await work(db);
  } catch (error) {
    // The work's error is the one worth reporting; after a panic, freeing the engine fails too.
    await db.close().catch(() => {});
    throw error;
  }
  await db.close();
  return result;
}

/** `prisma migrate deploy`: applies pending migrations in order; returns the names applied now. */
export async function deployMigrations(db: DbEngine): Promise<string[]> {
  const migrationsList = readMigrationsList(db.options.migrationsDir);
  const result = await call(db, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
  return result.appliedMigrationNames;
}

/** `prisma migrate status`: compares the folder with the database's _prisma_migrations table. */
export async function migrationStatus(db: DbEngine): Promise<MigrationStatus> {
  const migrationsList = readMigrationsList(db.options.migrationsDir);
  const result = await call(db, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
  );
  const history = result.history;
  const pending =
    history && history.diagnostic !== "migrationsDirectoryIsBehind" ? history.unappliedMigrationNames : [];
  const notInFolder = history && history.diagnostic !== "databaseIsBehind" ? history.unpersistedMigrationNames : [];
  return {
    total: migrationsList.migrationDirectories.length,
    pending,
    failed: result.failedMigrationNames,
    edited: result.editedMigrationNames,
    notInFolder,
    hasMigrationsTable: result.hasMigrationsTable,
    upToDate: !history && result.failedMigrationNames.length === 0 && result.editedMigrationNames.length === 0,
  };
}

/**
 * Does schema.prisma describe something the migrations folder doesn't create? The folder is replayed on a shadow
 * database and diffed against the schema, so no migrated database is needed. `sql` is what a migration would hold.
 */
export async function checkDrift(db: DbEngine): Promise<DriftResult> {
  const schema = requireSchema(db);
  const list = readMigrationsList(db.options.migrationsDir);
  // Before the first migration there is no lock file, and the engine can't tell the connector without one.
  if (list.lockfile.content === null) list.lockfile.content = LOCK_FILE_CONTENT;
  const from: DiffTarget = { tag: "migrations", ...list };
  const to: DiffTarget = { tag: "schemaDatamodel", files: [schema] };
  // With `exitCode`, the engine answers 2 when the diff is not empty.
  const result = await call(db, (engine) =>
    engine.diff({ from, to, script: true, exitCode: true, filters: NO_FILTER }),
  );
  return { drift: result.exitCode === 2, sql: result.stdout ?? "" };
}

/** Writes the next migration for the schema's changes; null (and nothing written) when there is nothing to migrate. */
export async function createMigration(db: DbEngine, name: string): Promise<CreatedMigration | null> {
  // `engine.createMigration` needs a cache only `devDiagnostic` fills, so the script comes from `diff`.
  const { drift, sql } = await checkDrift(db);
  if (!drift) return null;
  const directory = writeMigration(db.options.migrationsDir, name, sql);
  return { directory, path: path.join(db.options.migrationsDir, directory, "migration.sql"), sql };
}

/** Drops everything in the database (schema, data, migration history) and applies every migration again. */
export async function resetDatabase(db: DbEngine): Promise<string[]> {
  await call(db, (engine) => engine.reset({ filter: NO_FILTER }));
  return deployMigrations(db);
}
