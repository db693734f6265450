// What a waiting record waits for, in an accountant's words: "Customer ACME · Acme Ltd", with the awaited record's
// page and state (held there for a person, say). One query for a whole page of records.
import { db, Prisma } from "@/server/db";
import type { SyncRecordStatus, SyncSystem } from "@/server/generated/prisma/enums";
import { recordNoun } from "@/lib/model-nouns";

export type WaitingFor = {
  /** "Customer ACME · Acme Ltd", "Sales invoice 1042". */
  label: string;
  system: SyncSystem;
  model: string;
  externalId: string;
  /** The awaited record in the ledger, when Ledgerlink has seen it. */
  recordId: string | null;
  status: SyncRecordStatus | null;
  /** Why the awaited record is held, failed or skipped, when it is (it then needs a person, or will not come). */
  problem: string | null;
};

type Waiter = {
  id: string;
  status: string;
  waitingOnSystem: SyncSystem | null;
  waitingOnModel: string | null;
  waitingOnExternalId: string | null;
};

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/** "Customer ACME · Acme Ltd": the model, what a person knows it by (number, code, id), and its name when it has one. */
export function waitingForLabel(model: string, externalId: string, payload: unknown): string {
  const p = payload && typeof payload === "object" ? (payload as Record<string, unknown>) : {};
  const known = text(p.number) ?? text(p.code) ?? externalId;
  const name = text(p.name) ?? text(p.customerName) ?? text(p.supplierName);
  const noun = recordNoun(model, 1);
  return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${known}${name && name !== known ? ` · ${name}` : ""}`;
}

/** What each waiting record of `rows` waits for (PENDING rows with a waitingOn only), keyed by record id. */
export async function waitingForOf(companyId: string, rows: readonly Waiter[]): Promise<Map<string, WaitingFor>> {
  const waiting = rows.filter(
    (r) => r.status === "PENDING" && r.waitingOnSystem && r.waitingOnModel && r.waitingOnExternalId,
  );
  if (waiting.length === 0) return new Map();
  const keys = Prisma.join(
    waiting.map((r) => Prisma.sql`(${r.waitingOnSystem}::"SyncSystem", ${r.waitingOnModel}, ${r.waitingOnExternalId})`),
  );
  const awaited = await db.$queryRaw<
    {
      id: string;
      system: SyncSystem;
      model: string;
      externalId: string;
      status: SyncRecordStatus;
      payload: unknown;
      errorMessage: string | null;
    }[]
  >`
    SELECT "id", "system", "model", "externalId", "status", "payload", "errorMessage" FROM "SyncRecord"
    WHERE "companyId" = ${companyId} AND ("system", "model", "externalId") IN (${keys})`;
  const byKey = new Map(awaited.map((a) => [`${a.system}|${a.model}|${a.externalId}`, a]));
  const out = new Map<string, WaitingFor>();
  for (const r of waiting) {
    const [system, model, externalId] = [r.waitingOnSystem!, r.waitingOnModel!, r.waitingOnExternalId!];
    const a = byKey.get(`${system}|${model}|${externalId}`);
    const problem =
      a && (a.status === "HELD" || a.status === "DEAD" || a.status === "FAILED" || a.status === "SKIPPED")
        ? (a.errorMessage ?? `It is ${a.status.toLowerCase()}.`)
        : null;
    out.set(r.id, {
      label: waitingForLabel(model, externalId, a?.payload),
      system,
      model,
      externalId,
      recordId: a?.id ?? null,
      status: a?.status ?? null,
      problem,
    });
  }
  return out;
}
