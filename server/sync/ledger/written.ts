// What Ledgerlink wrote to the other system for a record, kept on the record itself (SyncRecord.written): the latest
// plan of each kind (a receipt, a check, a posting, its reversal) as the target took it. A deletion is reversed and a
// change after posting is recognised from it, however long ago it was written: attempts are pruned, this is not.
import { z } from "zod";
import { db, type Prisma } from "@/server/db";

const writtenSchema = z.record(z.string(), z.object({ at: z.string(), plan: z.unknown() })).catch({});

/**
 * Remembers `plan` as written for the record under its kind, right after the target took it (before the ledger
 * marks the record), so a re-run or a later deletion knows what is there. One statement.
 */
export async function rememberWritten(recordId: string, plan: { kind: string }): Promise<void> {
  const entry = { [plan.kind]: { at: new Date().toISOString(), plan } } as Prisma.InputJsonValue;
  await db.$executeRaw`UPDATE "SyncRecord" SET "written" = coalesce("written", '{}'::jsonb) || ${JSON.stringify(entry)}::jsonb WHERE "id" = ${recordId}`;
}

/** The latest plan written for the record of one of `kinds`, or null when none was. */
export async function lastWritten<T>(recordId: string, kinds: readonly string[]): Promise<T | null> {
  const row = await db.syncRecord.findUnique({ where: { id: recordId }, select: { written: true } });
  const written = writtenSchema.parse(row?.written ?? {});
  const latest = kinds
    .map((k) => written[k])
    .filter((w): w is { at: string; plan: unknown } => Boolean(w))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  return (latest?.plan as T | undefined) ?? null;
}
