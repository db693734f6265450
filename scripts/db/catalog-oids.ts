// Re-tags PostgreSQL catalog column types that @prisma/adapter-pg refuses (prisma issue #27403).
import { ColumnTypeEnum, type SqlResultSet } from "@prisma/driver-adapter-utils";
import pg from "pg";

const CHAR_OID = 18;
const TEXT_OID = 25;
const CHAR_ARRAY_OID = 1002;
const TEXT_ARRAY_OID = 1009;
/** name, int2vector, regproc, xid, oidvector, pg_node_tree, regclass, regtype: the engine reads them as text. */
const CATALOG_TEXT = new Set([19, 22, 24, 28, 30, 194, 2205, 2206]);
/** "char"[] and name[]: pg leaves them as the raw `{a,b}` literal, so they are parsed like text[]. */
const CATALOG_ARRAYS = new Set([CHAR_ARRAY_OID, 1003]);

// pg-types' TypeId enum lists scalars only; the parser registry itself is keyed by any OID.
const getTypeParser = pg.types.getTypeParser as (oid: number, format: "text") => (value: string) => unknown;
const parseTextArray = getTypeParser(TEXT_ARRAY_OID, "text");

/**
 * Mutates a `rowMode: "array"` result in place so adapter-pg accepts every column. Returns the indexes of `"char"`
 * columns: the engine's describer reads those (contype, confdeltype, ...) as a Char, never as text, so the caller
 * must report them as ColumnTypeEnum.Character (see `markCharacterColumns`).
 */
export function retagCatalogColumns(result: Pick<pg.QueryResult<unknown[]>, "fields" | "rows">): number[] {
  const charColumns: number[] = [];
  result.fields.forEach((field, column) => {
    if (field.dataTypeID === CHAR_OID) {
      field.dataTypeID = TEXT_OID;
      charColumns.push(column);
    } else if (CATALOG_TEXT.has(field.dataTypeID)) {
      field.dataTypeID = TEXT_OID;
    } else if (CATALOG_ARRAYS.has(field.dataTypeID)) {
      // "char"[] stays 1002 (adapter-pg maps it to CharacterArray); name[] becomes text[].
      if (field.dataTypeID !== CHAR_ARRAY_OID) field.dataTypeID = TEXT_ARRAY_OID;
      for (const row of result.rows) {
        const value = row[column];
        if (typeof value === "string") row[column] = parseTextArray(value);
      }
    }
  });
  return charColumns;
}

/** What PostgreSQL's native driver gives the engine for a `"char"` column: a Character, not Text. */
export function markCharacterColumns(resultSet: SqlResultSet, charColumns: number[]): void {
  for (const column of charColumns) resultSet.columnTypes[column] = ColumnTypeEnum.Character;
}
