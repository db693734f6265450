// A fingerprint of every row that belongs to one tenant, found from the schema itself so new tables are included.
import { db } from "@/server/db";

type Table = { table: string; column: "orgId" | "companyId" };

let tables: Table[] | undefined;

async function tenantTables(): Promise<Table[]> {
  if (tables) return tables;
  const rows = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name IN ('orgId', 'companyId')
    ORDER BY table_name, column_name DESC`;
  const byTable = new Map<string, Table>();
  for (const r of rows)
    if (!byTable.has(r.table_name))
      byTable.set(r.table_name, { table: r.table_name, column: r.column_name as Table["column"] });
  tables = [...byTable.values()];
  return tables;
}

async function digest(sql: string, param: unknown): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ d: string | null }[]>(sql, param);
  return row?.d ?? "";
}

const FINGERPRINT = `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d`;

export async function snapshotTenant(orgId: string, userIds: string[]): Promise<Record<string, string>> {
  const companyIds = (await db.company.findMany({ where: { orgId }, select: { id: true } })).map((c) => c.id);
  const out: Record<string, string> = {
    Organization: await digest(`${FINGERPRINT} FROM "Organization" t WHERE id = $1`, orgId),
    User: await digest(`${FINGERPRINT} FROM "User" t WHERE id = ANY($1)`, userIds),
    Session: await digest(`${FINGERPRINT} FROM "Session" t WHERE "userId" = ANY($1)`, userIds),
    AlertRead: await digest(`${FINGERPRINT} FROM "AlertRead" t WHERE "userId" = ANY($1)`, userIds),
    UserDigest: await digest(`${FINGERPRINT} FROM "UserDigest" t WHERE "userId" = ANY($1)`, userIds),
  };
  for (const { table, column } of await tenantTables()) {
    out[table] = await digest(
      `${FINGERPRINT} FROM "${table}" t WHERE "${column}" = ANY($1)`,
      column === "orgId" ? [orgId] : companyIds,
    );
  }
  return out;
}
