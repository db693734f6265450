// Alerts follow the health model: a problem not yet open becomes an open Alert, an open Alert whose problem is gone is
// resolved. Both runners call this after every flow run and from the watchdog tick.
// Safe on many instances: an open alert's openKey is unique, so two reconciles at once insert it once (the other's
// insert is skipped), and every write is one batched statement.
import { db, Prisma } from "@/server/db";
import { healthOfCompanies } from "@/server/services/health/company-health";
import type { CompanyHealth, HealthProblem } from "@/server/services/health/types";
import { isAlertKind } from "./kinds";

export type ReconcileResult = { opened: number; updated: number; resolved: number };

/** Companies per round of queries: the health model and the alert writes are batched this many at a time. */
export const RECONCILE_CHUNK = 500;

export const openKeyOf = (companyId: string, kind: string, subject: string): string =>
  `${companyId}|${kind}|${subject}`;

/** Only a company that writes (live, or paused after going live) raises alerts; set-up and archived ones never do. */
const alertable = (h: CompanyHealth) => h.lifecycle === "LIVE" || h.lifecycle === "PAUSED";

type Wanted = { orgId: string; companyId: string; key: string; p: HealthProblem };

export async function reconcileAlerts(o: { companyIds?: string[]; now?: Date } = {}): Promise<ReconcileResult> {
  const now = o.now ?? new Date();
  const ids = o.companyIds ?? (await alertableCompanyIds());
  const total: ReconcileResult = { opened: 0, updated: 0, resolved: 0 };
  for (let i = 0; i < ids.length; i += RECONCILE_CHUNK) {
    const r = await reconcileChunk(ids.slice(i, i + RECONCILE_CHUNK), now);
    total.opened += r.opened;
    total.updated += r.updated;
    total.resolved += r.resolved;
  }
  return total;
}

/** Every live or paused company, and any other with an alert still open (so it resolves once it stops writing). */
export async function alertableCompanyIds(): Promise<string[]> {
  const [live, open] = await Promise.all([
    db.company.findMany({ where: { status: { in: ["LIVE", "PAUSED"] } }, select: { id: true } }),
    db.alert.findMany({ where: { resolvedAt: null }, distinct: ["companyId"], select: { companyId: true } }),
  ]);
  return [...new Set([...live.map((c) => c.id), ...open.map((a) => a.companyId)])];
}

async function reconcileChunk(companyIds: string[], now: Date): Promise<ReconcileResult> {
  const [health, open] = await Promise.all([
    healthOfCompanies(companyIds, { now }),
    db.alert.findMany({
      where: { companyId: { in: companyIds }, resolvedAt: null },
      select: { id: true, openKey: true, title: true, href: true, count: true, severity: true },
    }),
  ]);
  const wanted = new Map<string, Wanted>();
  for (const h of health.values()) {
    if (!alertable(h)) continue;
    for (const p of h.problems) {
      if (!isAlertKind(p.kind)) continue;
      const key = openKeyOf(h.companyId, p.kind, p.subject);
      wanted.set(key, { orgId: h.orgId, companyId: h.companyId, key, p });
    }
  }
  const openByKey = new Map(open.filter((a) => a.openKey).map((a) => [a.openKey!, a]));

  const fresh = [...wanted.values()].filter((w) => !openByKey.has(w.key));
  const kept = [...wanted.values()].filter((w) => openByKey.has(w.key));
  const gone = open.filter((a) => !a.openKey || !wanted.has(a.openKey));

  // A concurrent reconcile may have opened the same problem since we read: its row wins, ours is skipped.
  const opened = fresh.length
    ? (
        await db.alert.createMany({
          data: fresh.map((w) => ({
            orgId: w.orgId,
            companyId: w.companyId,
            kind: w.p.kind,
            subject: w.p.subject,
            severity: w.p.severity,
            title: w.p.sentence,
            href: w.p.href,
            count: w.p.count,
            openKey: w.key,
            firstSeenAt: now,
            lastSeenAt: now,
          })),
          skipDuplicates: true,
        })
      ).count
    : 0;

  const changed = kept.filter((w) => {
    const a = openByKey.get(w.key)!;
    return a.title !== w.p.sentence || a.href !== w.p.href || a.count !== w.p.count || a.severity !== w.p.severity;
  });
  if (kept.length) {
    // One statement: every problem still there is seen now; the ones that changed take their new sentence and count.
    const rows = Prisma.join(
      kept.map((w) => Prisma.sql`(${w.key}, ${w.p.sentence}, ${w.p.href}, ${w.p.count}::int, ${w.p.severity})`),
    );
    await db.$executeRaw`
      UPDATE "Alert" AS a SET "title" = v.title, "href" = v.href, "count" = v.count, "severity" = v.severity, "lastSeenAt" = ${now}
      FROM (VALUES ${rows}) AS v(key, title, href, count, severity)
      WHERE a."openKey" = v.key AND a."resolvedAt" IS NULL`;
  }

  const resolved = gone.length
    ? (
        await db.alert.updateMany({
          where: { id: { in: gone.map((a) => a.id) }, resolvedAt: null },
          data: { resolvedAt: now, openKey: null },
        })
      ).count
    : 0;
  return { opened, updated: changed.length, resolved };
}
