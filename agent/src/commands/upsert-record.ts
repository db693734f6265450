// Master-data upsert written once for customers, vendors and items: open by key (2 new / 1 existing), set only the
// fields that differ, write only when something changed (an unchanged write would bump DateUpdated and echo back).
import { withBusObject } from "./boi-object";
import { firstRow, type CommandContext } from "./context";

/** Sage stores the surrogate AccountKey; we are given the formatted account (4000-00). */
async function accountKeys(
  ctx: CommandContext,
  map: FieldMap,
  values: Record<string, string | number | undefined>,
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const [field, , kind] of map) {
    const value = values[field];
    if (kind !== "account" || value === undefined) continue;
    const row = await firstRow(ctx.odbc, "SELECT AccountKey FROM GL_Account WHERE Account = ? OR RawAccount = ?", [
      String(value),
      String(value).replace(/\D/g, ""),
    ]);
    if (row) keys.set(field, String(row.AccountKey));
  }
  return keys;
}

/** Protocol field -> BOI column ("$" suffix = string column, none = numeric); "account" columns hold AccountKey. */
export type FieldMap = ReadonlyArray<readonly [field: string, column: string, kind?: "account"]>;

function same(current: unknown, next: string | number, column: string): boolean {
  if (!column.endsWith("$")) return Number(current) === Number(next);
  return (
    String(current ?? "")
      .trim()
      .toUpperCase() === String(next).trim().toUpperCase()
  );
}

export async function upsertRecord(
  ctx: CommandContext,
  spec: { object: string; task: string; module: string },
  key: ReadonlyArray<readonly [column: string, value: string, field: string]>,
  values: Record<string, string | number | undefined>,
  map: FieldMap,
): Promise<{ created: boolean; changed: string[]; key: Record<string, string> }> {
  const accounts = await accountKeys(ctx, map, values);
  return withBusObject(ctx.handle, spec, ctx.today, ctx.warnings, (bus) => {
    for (const [column, value, field] of key) bus.keyValue(column, value, field);
    const state = bus.setKey(undefined, key[key.length - 1]?.[2]);
    const changed: string[] = [];
    for (const [field, column] of map) {
      const value = values[field];
      if (value === undefined) continue;
      if (state === 1 && same(bus.get(column), accounts.get(field) ?? value, column)) continue;
      bus.set(column, column.endsWith("$") ? String(value) : value, field);
      changed.push(field);
    }
    const storedKey = Object.fromEntries(key.map(([column]) => [column.replace(/\$$/, ""), bus.getString(column)]));
    if (state === 1 && changed.length === 0) bus.clear();
    else bus.write();
    return { created: state === 2, changed, key: storedKey };
  });
}
