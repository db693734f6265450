// The pg_catalog re-tagging that lets adapter-pg carry the engine's catalog queries (prisma issue #27403).
import { ColumnTypeEnum, type SqlResultSet } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { markCharacterColumns, retagCatalogColumns } from "./catalog-oids";

function result(oids: number[], rows: unknown[][]): Pick<pg.QueryResult<unknown[]>, "fields" | "rows"> {
  const fields = oids.map((dataTypeID, i) => ({ name: `c${i}`, dataTypeID }) as pg.FieldDef);
  return { fields, rows };
}

describe("retagCatalogColumns", () => {
  it('re-tags catalog scalars as text and reports the "char" columns', () => {
    const r = result([19, 18, 2205, 23, 194], [["User", "c", '"User"', 1, "{...}"]]);
    expect(retagCatalogColumns(r)).toEqual([1]);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([25, 25, 25, 23, 25]);
    expect(r.rows).toEqual([["User", "c", '"User"', 1, "{...}"]]);
  });

  it('parses name[] and "char"[] literals into arrays', () => {
    const r = result(
      [1003, 1002],
      [
        ['{id,"Org Id"}', "{a,b}"],
        [null, null],
      ],
    );
    expect(retagCatalogColumns(r)).toEqual([]);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([1009, 1002]);
    expect(r.rows).toEqual([
      [
        ["id", "Org Id"],
        ["a", "b"],
      ],
      [null, null],
    ]);
  });

  it("leaves ordinary columns alone", () => {
    const r = result([25, 23, 1009], [["x", 1, ["a"]]]);
    expect(retagCatalogColumns(r)).toEqual([]);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([25, 23, 1009]);
  });
});

describe("markCharacterColumns", () => {
  it('reports "char" columns as Character, as PostgreSQL\'s native driver would', () => {
    const set: SqlResultSet = {
      columnNames: ["a", "b"],
      columnTypes: [ColumnTypeEnum.Text, ColumnTypeEnum.Text],
      rows: [],
    };
    markCharacterColumns(set, [1]);
    expect(set.columnTypes).toEqual([ColumnTypeEnum.Text, ColumnTypeEnum.Character]);
  });
});
