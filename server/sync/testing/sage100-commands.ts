// What a company sent its agent, counted command by command: a runCommands counts as the commands it carries, so a
// test counting upserts (or writes) means the same whether records went one at a time or a whole batch at once.
import { db } from "@/server/db";

/** How many commands (carried ones included) of the company match `which`. */
export async function commandsSent(companyId: string, which: (type: string) => boolean): Promise<number> {
  const rows = await db.$queryRaw<{ type: string; n: number }[]>`
    SELECT e->>'type' AS type, count(*)::int AS n
    FROM "Sage100Command" c
    CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN c.type = 'runCommands' THEN c.payload->'commands' ELSE jsonb_build_array(jsonb_build_object('type', c.type)) END
    ) AS e
    WHERE c."companyId" = ${companyId}
    GROUP BY 1`;
  return rows.filter((r) => which(r.type)).reduce((n, r) => n + r.n, 0);
}

export const upsertsSent = (companyId: string) => commandsSent(companyId, (type) => type.startsWith("upsert"));

/** How many commands (carried ones included) failed with one of `codes`: a runCommands answers each in its result. */
export async function commandFailures(companyId: string, codes: readonly string[]): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT (
      (SELECT count(*) FROM "Sage100Command" WHERE "companyId" = ${companyId} AND "errorCode" = ANY(${[...codes]}))
      + (SELECT count(*) FROM "Sage100Command" c
           CROSS JOIN LATERAL jsonb_array_elements(c.result->'results') AS r
         WHERE c."companyId" = ${companyId} AND c.type = 'runCommands' AND c.status = 'DONE'
           AND r->'error'->>'code' = ANY(${[...codes]}))
    )::int AS n`;
  return row?.n ?? 0;
}
