// The `db:*` commands end to end on a throwaway PostgreSQL: output lines and exit codes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDbCommand } from "./commands";
import { startThrowawayPostgres, type ThrowawayPostgres } from "./throwaway-postgres";

const SCHEMA = `generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

model Company {
  id   String @id @default(cuid())
  name String
}
`;

let server: ThrowawayPostgres;
let dir: string;
let url: string;
let stops = 0;

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDbCommand(
    [...argv, "--schema", path.join(dir, "schema.prisma"), "--migrations", path.join(dir, "migrations")],
    {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      database: async () => ({ url, serverUrl: server.serverUrl, stop: async () => void stops++ }),
    },
  );
  return { code, out, err };
}

beforeAll(async () => {
  server = await startThrowawayPostgres();
  url = await server.createDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerlink-cli-"));
  fs.writeFileSync(path.join(dir, "schema.prisma"), SCHEMA);
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("db commands", () => {
  it("drift fails with the command to run when the schema has no migration", async () => {
    const result = await run("drift");
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(
      /^Drift: .*schema\.prisma has changes without a migration\. Run `npm run db:migration:create <name>`/,
    );
    expect(result.err[0]).toContain('CREATE TABLE "Company"');
  });

  it("create joins the words of the name and writes the migration", async () => {
    const result = await run("create", "add", "companies");
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(
      /^Created .*migrations\/\d{14}_add_companies\/migration\.sql: review it, then run `npm run db:migrate`\.$/,
    );
    expect(fs.readdirSync(path.join(dir, "migrations")).filter((name) => name.endsWith("_add_companies"))).toHaveLength(
      1,
    );
  });

  it("drift passes once the migration exists", async () => {
    expect(await run("drift")).toMatchObject({ code: 0, out: [expect.stringMatching(/^No drift: /)] });
  });

  it("create says so and writes nothing when nothing changed", async () => {
    const before = fs.readdirSync(path.join(dir, "migrations"));
    expect(await run("create", "again")).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^No schema changes: /)],
    });
    expect(fs.readdirSync(path.join(dir, "migrations"))).toEqual(before);
  });

  it("status fails while a migration is pending", async () => {
    const result = await run("status");
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(
      /^Database is not up to date: 1 pending: \d{14}_add_companies \(run `npm run db:migrate`\)\.$/,
    );
  });

  it("migrate applies it, then status passes", async () => {
    expect(await run("migrate")).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^Applied 1 migration\(s\): \d{14}_add_companies$/)],
    });
    expect(await run("migrate")).toMatchObject({ code: 0, out: ["Database is up to date: no pending migrations."] });
    expect(await run("status")).toMatchObject({ code: 0, out: ["Database is up to date: 1 migration(s) applied."] });
  });

  it("reset empties a local database and re-applies the migrations", async () => {
    await server.query(url, `INSERT INTO "Company" (id, name) VALUES ('c1', 'Acme')`);
    expect(await run("reset")).toMatchObject({
      code: 0,
      out: ["Reset the database: dropped everything, re-applied 1 migration(s)."],
    });
    expect(await server.query(url, `SELECT * FROM "Company"`)).toEqual([]);
  });

  it("reset refuses a non-local host without --force, before touching it", async () => {
    const out: string[] = [];
    const err: string[] = [];
    let stopped = false;
    const code = await runDbCommand(["reset"], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      database: async () => ({
        url: "postgresql://u:p@db.example.com:5432/prod",
        serverUrl: "",
        stop: async () => void (stopped = true),
      }),
    });
    expect(code).toBe(1);
    expect(err).toEqual([
      "Refusing to reset the database on db.example.com: not this machine. Pass --force if you mean it.",
    ]);
    expect(out).toEqual([]);
    expect(stopped).toBe(true);
  });

  it("reports a failed operation and exits 1", async () => {
    fs.writeFileSync(path.join(dir, "schema.prisma"), SCHEMA.replace("model Company", "model Company oops"));
    const stopsBefore = stops;
    const result = await run("drift");
    expect(result.code).toBe(1);
    expect(stops).toBe(stopsBefore + 1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^db drift failed: invalid Prisma schema:\n/);
    expect(result.err[0]).toContain("schema.prisma:10");
    fs.writeFileSync(path.join(dir, "schema.prisma"), SCHEMA);
  });

  it("exits 2 with usage on a bad command line", async () => {
    for (const argv of [[], ["create"], ["frobnicate"], ["status", "extra"], ["migrate", "--nope"]]) {
      const result = await run(...argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.err[0]).toContain("usage: tsx scripts/db/cli.ts");
    }
  });
});
