// The per-company copy of Sage 100's reference lists in Postgres: read one list (rows checked against the
// protocol's schema, so a malformed copy counts as none), summarise them without their rows, replace them.
import { z } from "zod";
import {
  REFERENCE_LISTS,
  REFERENCE_ROW_SCHEMAS,
  type ReferenceList,
  type ReferenceRow,
} from "@/agent/src/protocol/reference-lists";
import { db as defaultDb, type DbOrTx, type Prisma } from "@/server/db";

type Cached<L extends ReferenceList> = {
  list: L;
  rows: ReferenceRow<L>[];
  rowCount: number;
  truncated: boolean;
  fetchedAt: Date;
};
export type CachedList = { [L in ReferenceList]: Cached<L> }[ReferenceList];
export type CachedListSummary = Omit<CachedList, "rows">;
export type FreshList = {
  [L in ReferenceList]: { list: L; rows: ReferenceRow<L>[]; truncated: boolean };
}[ReferenceList];

export async function readCachedList(
  companyId: string,
  list: ReferenceList,
  db: DbOrTx = defaultDb,
): Promise<CachedList | null> {
  const row = await db.sage100ReferenceList.findUnique({ where: { companyId_list: { companyId, list } } });
  if (!row) return null;
  const rows = z.array(REFERENCE_ROW_SCHEMAS[list]).safeParse(row.rows);
  if (!rows.success) return null;
  return {
    list,
    rows: rows.data,
    rowCount: row.rowCount,
    truncated: row.truncated,
    fetchedAt: row.fetchedAt,
  } as CachedList;
}

/** Every list this company has a copy of, in the protocol's order, without the rows. */
export async function summariseCachedLists(companyId: string, db: DbOrTx = defaultDb): Promise<CachedListSummary[]> {
  const rows = await db.sage100ReferenceList.findMany({
    where: { companyId },
    select: { list: true, rowCount: true, truncated: true, fetchedAt: true },
  });
  return REFERENCE_LISTS.flatMap((list) => rows.filter((r) => r.list === list).map((r) => ({ ...r, list })));
}

/** Replaces the given lists' copies (others stay as they were); run inside the caller's transaction. */
export async function replaceCachedLists(
  tx: Prisma.TransactionClient,
  companyId: string,
  lists: FreshList[],
  fetchedAt: Date,
): Promise<void> {
  for (const l of lists) {
    const data = { rows: l.rows as Prisma.InputJsonValue, rowCount: l.rows.length, truncated: l.truncated, fetchedAt };
    await tx.sage100ReferenceList.upsert({
      where: { companyId_list: { companyId, list: l.list } },
      create: { companyId, list: l.list, ...data },
      update: data,
    });
  }
}
