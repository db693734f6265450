// Which database URLs count as this machine for `db:reset`.
import { describe, expect, it } from "vitest";
import { databaseHost, isLocalDatabase } from "./local-database";

describe("isLocalDatabase", () => {
  it("accepts loopback hosts and Unix sockets", () => {
    expect(isLocalDatabase("postgresql://u:p@127.0.0.1:54329/ledgerlink")).toBe(true);
    expect(isLocalDatabase("postgresql://u:p@localhost/ledgerlink")).toBe(true);
    expect(isLocalDatabase("postgresql://u:p@[::1]:5432/ledgerlink")).toBe(true);
    expect(isLocalDatabase("postgresql:///ledgerlink?host=/var/run/postgresql")).toBe(true);
  });

  it("refuses anything else", () => {
    expect(isLocalDatabase("postgresql://u:p@db.example.com:5432/prod")).toBe(false);
    expect(isLocalDatabase("postgresql://u:p@10.0.0.5/prod")).toBe(false);
    expect(isLocalDatabase("postgresql://u:p@localhost.evil.com/prod")).toBe(false);
    expect(databaseHost("postgresql://u:p@db.example.com:5432/prod")).toBe("db.example.com");
  });
});
