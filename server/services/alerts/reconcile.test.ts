// Alerts follow the health model on real Postgres: a problem opens one alert, a change updates it, its end resolves
// it; running again changes nothing, two reconciles at once never open the same problem twice, and a company in
// set-up never raises one.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { companyPaths } from "@/server/services/health/hrefs";
import { ledgerRecord, syncTenant } from "@/server/services/sync/testing/fixtures";
import { alertableCompanyIds, openKeyOf, reconcileAlerts } from "./reconcile";

const T0 = new Date("2026-12-05T14:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const SALES = "sales_invoices.kashflow_to_sage100";

async function liveCompany() {
  const t = await syncTenant({ connected: true });
  await db.company.update({ where: { id: t.company.id }, data: { status: "LIVE", wentLiveAt: at(-600) } });
  await heartbeat(t.company.id, at(0));
  return { ...t, paths: companyPaths(t.org.slug, t.company.id) };
}
const heartbeat = (companyId: string, when: Date) =>
  db.sage100Agent.updateMany({ where: { companyId }, data: { lastHeartbeatAt: when, lastSeenAt: when } });
const openAlerts = (companyId: string) =>
  db.alert.findMany({ where: { companyId, resolvedAt: null }, orderBy: { kind: "asc" } });
const dead = (companyId: string, n: string) =>
  ledgerRecord(companyId, {
    model: "sales_invoice",
    externalId: n,
    status: "DEAD",
    errorMessage: "Sage 100 rejected it.",
  });

describe("alert reconcile", () => {
  it("opens an alert per problem, updates it as the problem changes, resolves it when it is gone, and is idempotent", async () => {
    const c = await liveCompany();
    const id = c.company.id;
    const first = await dead(id, "1001");
    // The agent last heard 20 minutes before: offline.
    expect(await reconcileAlerts({ companyIds: [id], now: at(20) })).toEqual({ opened: 2, updated: 0, resolved: 0 });
    const opened = await openAlerts(id);
    expect(opened).toEqual([
      expect.objectContaining({
        orgId: c.org.id,
        kind: "agent_offline",
        subject: "agent",
        severity: "critical",
        openKey: openKeyOf(id, "agent_offline", "agent"),
        href: c.paths.company,
        count: 1,
        firstSeenAt: at(20),
        lastSeenAt: at(20),
      }),
      expect.objectContaining({
        kind: "failed_postings",
        subject: SALES,
        openKey: `${id}|failed_postings|${SALES}`,
        title: "Sales invoice 1001 could not be written to Sage 100 and is out of retries: Sage 100 rejected it.",
        href: `${c.paths.sync}/records/${first.id}`,
        count: 1,
      }),
    ]);
    // Nothing changed (same clock): nothing to do.
    expect(await reconcileAlerts({ companyIds: [id], now: at(20) })).toEqual({ opened: 0, updated: 0, resolved: 0 });

    // A second dead invoice: the same alert, its count, sentence and link updated; the offline one only seen again.
    await dead(id, "1002");
    expect(await reconcileAlerts({ companyIds: [id], now: at(21) })).toEqual({ opened: 0, updated: 2, resolved: 0 });
    const updated = await openAlerts(id);
    expect(updated.map((a) => a.id)).toEqual(opened.map((a) => a.id));
    expect(updated[1]).toMatchObject({
      count: 2,
      href: `${c.paths.sync}/records?model=sales_invoice&system=KASHFLOW&status=DEAD`,
      firstSeenAt: at(20),
      lastSeenAt: at(21),
    });
    expect(updated[0]).toMatchObject({ title: expect.stringContaining("21 minutes ago"), lastSeenAt: at(21) });

    // The agent is back and the invoices synced: both resolve, and nothing stays open under their keys.
    await heartbeat(id, at(22));
    await db.syncRecord.updateMany({ where: { companyId: id, status: "DEAD" }, data: { status: "SYNCED" } });
    expect(await reconcileAlerts({ companyIds: [id], now: at(22) })).toEqual({ opened: 0, updated: 0, resolved: 2 });
    expect(await openAlerts(id)).toEqual([]);
    expect(await db.alert.findMany({ where: { companyId: id } })).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "failed_postings", resolvedAt: at(22), openKey: null })]),
    );
    expect(await reconcileAlerts({ companyIds: [id], now: at(23) })).toEqual({ opened: 0, updated: 0, resolved: 0 });

    // The same problem again later is a new alert (the old one stays resolved in the history).
    await dead(id, "1003");
    expect(await reconcileAlerts({ companyIds: [id], now: at(30) })).toEqual({ opened: 1, updated: 0, resolved: 0 });
    expect(await db.alert.count({ where: { companyId: id, kind: "failed_postings" } })).toBe(2);
  });

  it("two reconciles at once open each problem once", async () => {
    const companies = await Promise.all([liveCompany(), liveCompany(), liveCompany()]);
    const ids = companies.map((c) => c.company.id);
    for (const id of ids) await dead(id, "2001");
    const results = await Promise.all([
      reconcileAlerts({ companyIds: ids, now: at(1) }),
      reconcileAlerts({ companyIds: ids, now: at(1) }),
      reconcileAlerts({ companyIds: [...ids].reverse(), now: at(1) }),
    ]);
    expect(results.reduce((n, r) => n + r.opened, 0)).toBe(3);
    for (const id of ids)
      expect((await db.alert.findMany({ where: { companyId: id } })).map((a) => [a.kind, a.resolvedAt])).toEqual([
        ["failed_postings", null],
      ]);
  });

  it("a company in set-up raises no alert whatever its ledger holds, and one going back to set-up resolves its alerts", async () => {
    const t = await syncTenant();
    await dead(t.company.id, "3001");
    expect(await reconcileAlerts({ companyIds: [t.company.id], now: at(5) })).toEqual({
      opened: 0,
      updated: 0,
      resolved: 0,
    });
    expect(await db.alert.count({ where: { companyId: t.company.id } })).toBe(0);
    expect(await alertableCompanyIds()).not.toContain(t.company.id);

    const c = await liveCompany();
    await dead(c.company.id, "3002");
    await reconcileAlerts({ companyIds: [c.company.id], now: at(1) });
    expect(await alertableCompanyIds()).toContain(c.company.id);
    await db.company.update({ where: { id: c.company.id }, data: { status: "PAUSED", pauseReason: "PERSON" } });
    // Paused companies still show (and alert) their problems.
    expect(await reconcileAlerts({ companyIds: [c.company.id], now: at(2) })).toEqual({
      opened: 0,
      updated: 0,
      resolved: 0,
    });
    expect(await alertableCompanyIds()).toContain(c.company.id);
    await db.company.update({ where: { id: c.company.id }, data: { status: "ARCHIVED" } });
    // Archived, but an alert is still open: it is reconciled (resolved) by the default round too.
    expect(await alertableCompanyIds()).toContain(c.company.id);
    expect(await reconcileAlerts({ companyIds: [c.company.id], now: at(3) })).toEqual({
      opened: 0,
      updated: 0,
      resolved: 1,
    });
    expect(await alertableCompanyIds()).not.toContain(c.company.id);
  });
});
