// Naming and reading of Prisma's migrations folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  LOCK_FILE_CONTENT,
  nextMigrationStamp,
  readMigrationsList,
  snakeName,
  writeMigration,
} from "./migrations-folder";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerlink-migrations-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("snakeName", () => {
  it("turns a free-form name into Prisma's snake_case directory suffix", () => {
    expect(snakeName("Add invoices!")).toBe("add_invoices");
    expect(snakeName("  company--status  ")).toBe("company_status");
    expect(snakeName("v2 Ledger lines")).toBe("v2_ledger_lines");
  });

  it("rejects names with nothing usable", () => {
    expect(() => snakeName("!!!")).toThrow(/not a usable migration name/);
  });
});

describe("nextMigrationStamp", () => {
  it("is the UTC time as yyyymmddhhmmss", () => {
    expect(nextMigrationStamp([], new Date("2026-03-04T05:06:07.890Z"))).toBe("20260304050607");
  });

  it("moves past the newest existing migration so creation order is folder order", () => {
    const now = new Date("2026-03-04T05:06:07Z");
    expect(nextMigrationStamp(["20260304050607_init"], now)).toBe("20260304050608");
    expect(nextMigrationStamp(["20260101000000_a", "20991231235959_future"], now)).toBe("21000101000000");
    expect(nextMigrationStamp(["20250101000000_old", "notes"], now)).toBe("20260304050607");
  });
});

describe("readMigrationsList", () => {
  it("treats a missing folder as an empty history", () => {
    const list = readMigrationsList(path.join(tempDir(), "missing"));
    expect(list.migrationDirectories).toEqual([]);
    expect(list.lockfile).toEqual({ path: "migration_lock.toml", content: null });
  });

  it("lists directories sorted by name, with their SQL or the reason it is missing", () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "20260102000000_second"));
    fs.writeFileSync(path.join(dir, "20260102000000_second", "migration.sql"), "SELECT 2;\n");
    fs.mkdirSync(path.join(dir, "20260101000000_first"));
    fs.writeFileSync(path.join(dir, "20260101000000_first", "migration.sql"), "SELECT 1;\n");
    fs.mkdirSync(path.join(dir, "20260103000000_empty"));
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), LOCK_FILE_CONTENT);
    const list = readMigrationsList(dir);
    expect(list.lockfile.content).toBe(LOCK_FILE_CONTENT);
    expect(list.migrationDirectories.map((d) => [d.path, d.migrationFile.content.tag])).toEqual([
      ["20260101000000_first", "ok"],
      ["20260102000000_second", "ok"],
      ["20260103000000_empty", "error"],
    ]);
    expect(list.migrationDirectories[0]?.migrationFile.content).toEqual({ tag: "ok", value: "SELECT 1;\n" });
  });
});

describe("writeMigration", () => {
  it("writes the SQL byte for byte and a lock file only when there is none", () => {
    const dir = tempDir();
    const first = writeMigration(dir, "Init", "-- CreateTable\nCREATE TABLE a ();\n");
    expect(first).toMatch(/^\d{14}_init$/);
    expect(fs.readFileSync(path.join(dir, first, "migration.sql"), "utf8")).toBe(
      "-- CreateTable\nCREATE TABLE a ();\n",
    );
    expect(fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toBe(LOCK_FILE_CONTENT);
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), '# kept\nprovider = "postgresql"\n');
    const second = writeMigration(dir, "Next", "SELECT 1;\n");
    expect(second > first).toBe(true);
    expect(fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toBe('# kept\nprovider = "postgresql"\n');
  });
});
