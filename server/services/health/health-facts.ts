// What the health model reads, for many companies at once: a fixed number of queries whatever their number (the
// digest for 1,000 companies reads them in one go). Pure assessment lives beside it (./problems.ts, ./flow-health.ts).
import { db, Prisma } from "@/server/db";
import type { CompanyStatus, ConnectionStatus, PauseReason, SyncSystem } from "@/server/generated/prisma/enums";
import { syncSettingsSchema } from "@/server/sync/settings";
import { missingRatesSchema, type MissingRate } from "@/server/sync/tie-out/kinds";

export type { MissingRate };

/** Tie-out days looked at: variances and missing rates of the last five weeks. */
export const TIE_OUT_WINDOW_DAYS = 35;

export type CompanyFacts = {
  company: {
    id: string;
    orgId: string;
    name: string;
    timezone: string;
    status: CompanyStatus;
    pauseReason: PauseReason | null;
    orgSlug: string;
    orgName: string;
  };
  settings: { agentOfflineMinutes: number; pausedFlows: string[] };
  agent: { lastHeartbeatAt: Date | null; lastSeenAt: Date | null; createdAt: Date } | null;
  connection: {
    status: ConnectionStatus;
    lastError: string | null;
    failingSince: Date | null;
    lastFailure: string | null;
  } | null;
  states: {
    flow: string;
    status: string;
    paused: boolean;
    runFinishedAt: Date | null;
    lastError: string | null;
    consecutiveFailures: number;
  }[];
  /** Records not settled, grouped; `bucket` says why a HELD one is held, or that a PENDING one waits on another record. */
  records: RecordGroup[];
  tieOuts: TieOutFacts[];
  /** One record per group (its lowest id), with what it says, for a problem about one record. */
  samples: Map<string, SampleRecord>;
};

/** A record a problem names: its key, and what a person knows it by (a document number, a code, what a payment pays). */
export type SampleRecord = {
  id: string;
  externalId: string;
  errorMessage: string | null;
  number: string | null;
  code: string | null;
  paysType: string | null;
  paysNumber: string | null;
};
export type RecordBucket = "" | "waiting" | "period_closed" | "target" | "person" | `fx:${string}`;
export type RecordGroup = {
  system: SyncSystem;
  model: string;
  status: "PENDING" | "HELD" | "FAILED" | "DEAD";
  bucket: RecordBucket;
  n: number;
  sampleId: string;
};
export type TieOutFacts = {
  day: string;
  kind: string;
  varianceCount: number;
  varianceMinor: number;
  missingRates: MissingRate[];
};

const settingsOf = (raw: unknown) => {
  const parsed = syncSettingsSchema.safeParse(raw ?? {});
  const s = parsed.success ? parsed.data : syncSettingsSchema.parse({});
  return { agentOfflineMinutes: s.alerts.agentOfflineMinutes, pausedFlows: s.pausedFlows };
};

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function loadHealthFacts(companyIds: string[], now: Date): Promise<Map<string, CompanyFacts>> {
  const ids = [...new Set(companyIds)];
  if (ids.length === 0) return new Map();
  const inIds = Prisma.join(ids);
  const since = isoDay(new Date(now.getTime() - TIE_OUT_WINDOW_DAYS * 86_400_000));
  const [companies, settings, agents, connections, states, records, tieOuts] = await Promise.all([
    db.company.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        orgId: true,
        name: true,
        timezone: true,
        status: true,
        pauseReason: true,
        org: { select: { slug: true, name: true } },
      },
    }),
    db.syncSettings.findMany({ where: { companyId: { in: ids } }, select: { companyId: true, settings: true } }),
    db.sage100Agent.findMany({
      where: { activeCompanyId: { in: ids }, revokedAt: null },
      select: { companyId: true, lastHeartbeatAt: true, lastSeenAt: true, createdAt: true },
    }),
    db.kashflowConnection.findMany({
      where: { companyId: { in: ids } },
      select: { companyId: true, status: true, lastError: true, failingSince: true, lastFailure: true },
    }),
    db.syncState.findMany({
      where: { companyId: { in: ids } },
      select: {
        companyId: true,
        flow: true,
        status: true,
        paused: true,
        runFinishedAt: true,
        lastError: true,
        consecutiveFailures: true,
      },
    }),
    db.$queryRaw<(RecordGroup & { companyId: string })[]>`
      SELECT "companyId", "system"::text AS "system", "model", "status"::text AS "status",
             CASE WHEN "status" = 'PENDING' AND "waitingOnModel" IS NOT NULL THEN 'waiting'
                  WHEN "status" <> 'HELD' THEN ''
                  WHEN "errorCode" = 'PERIOD_CLOSED' THEN 'period_closed'
                  WHEN "errorCode" = 'FX_MISSING' AND "errorField" LIKE 'fx:%' THEN "errorField"
                  WHEN "heldBy" = 'TARGET' THEN 'target'
                  ELSE 'person' END AS "bucket",
             count(*)::int AS "n", min("id") AS "sampleId"
      FROM "SyncRecord"
      WHERE "companyId" IN (${inIds}) AND "status" IN ('PENDING', 'HELD', 'FAILED', 'DEAD')
      GROUP BY 1, 2, 3, 4, 5`,
    db.$queryRaw<
      {
        companyId: string;
        day: string;
        kind: string;
        varianceCount: number;
        varianceMinor: string;
        missingRates: unknown;
      }[]
    >`
      SELECT "companyId", to_char("day", 'YYYY-MM-DD') AS "day", "kind",
             CASE WHEN jsonb_typeof("variances") = 'array' THEN jsonb_array_length("variances") ELSE 0 END::int AS "varianceCount",
             "varianceMinor"::text AS "varianceMinor", "missingRates"
      FROM "TieOutDay"
      WHERE "companyId" IN (${inIds}) AND "day" >= ${since}::date
        AND ("varianceMinor" <> 0 OR "variances" <> '[]'::jsonb OR "missingRates" <> '[]'::jsonb)`,
  ]);
  const samples = await sampleRecords(records);

  const out = new Map<string, CompanyFacts>();
  for (const c of companies) {
    out.set(c.id, {
      company: {
        id: c.id,
        orgId: c.orgId,
        name: c.name,
        timezone: c.timezone,
        status: c.status,
        pauseReason: c.pauseReason,
        orgSlug: c.org.slug,
        orgName: c.org.name,
      },
      settings: settingsOf(undefined),
      agent: null,
      connection: null,
      states: [],
      records: [],
      tieOuts: [],
      samples,
    });
  }
  for (const s of settings) {
    const f = out.get(s.companyId);
    if (f) f.settings = settingsOf(s.settings);
  }
  for (const a of agents) {
    const f = out.get(a.companyId);
    if (f) f.agent = { lastHeartbeatAt: a.lastHeartbeatAt, lastSeenAt: a.lastSeenAt, createdAt: a.createdAt };
  }
  for (const k of connections) {
    const f = out.get(k.companyId);
    if (f)
      f.connection = {
        status: k.status,
        lastError: k.lastError,
        failingSince: k.failingSince,
        lastFailure: k.lastFailure,
      };
  }
  for (const { companyId, ...s } of states) out.get(companyId)?.states.push(s);
  for (const { companyId, ...r } of records) out.get(companyId)?.records.push({ ...r, n: Number(r.n) });
  for (const t of tieOuts) {
    out.get(t.companyId)?.tieOuts.push({
      day: t.day,
      kind: t.kind,
      varianceCount: Number(t.varianceCount),
      varianceMinor: Number(t.varianceMinor),
      missingRates: missingRatesSchema.parse(t.missingRates),
    });
  }
  return out;
}

/** The record behind a group of one that a problem names (dead, refused, closed period): one query for them all. */
async function sampleRecords(groups: RecordGroup[]): Promise<CompanyFacts["samples"]> {
  const ids = groups
    .filter((g) => g.status === "DEAD" || g.bucket === "target" || g.bucket === "period_closed")
    .map((g) => g.sampleId);
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<SampleRecord[]>`
    SELECT "id", "externalId", "errorMessage", "payload"->>'number' AS "number", "payload"->>'code' AS "code",
           "payload"->'allocations'->0->>'documentType' AS "paysType", "payload"->'allocations'->0->>'documentNumber' AS "paysNumber"
    FROM "SyncRecord" WHERE "id" IN (${Prisma.join(ids)})`;
  return new Map(rows.map((r) => [r.id, r]));
}
