// Immediate alert emails on real Postgres: one per company and kind per recipient, throttled to one an hour,
// recipients by role and preference, "back online" to those who were told, and never twice across instances.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAlert, createAlertOrg, emailsTo } from "@/tests/alert-factories";
import { addMember, callerFor } from "@/tests/factories";
import { deliverAlerts, THROTTLE_MS } from "./deliver";
import { readUnsubscribeToken } from "./unsubscribe";

const T0 = new Date("2026-12-07T10:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

describe("deliverAlerts", () => {
  it("a run that fails 1,000 records sends one email per recipient; the next alert within the hour waits for the hour", async () => {
    const t = await createAlertOrg("throttle");
    const href = `/o/${t.org.slug}/companies/${t.company.id}/sync/records?status=DEAD`;
    const first = await createAlert(t.company, {
      count: 1000,
      title: "1,000 sales invoices failed to post",
      href,
      firstSeenAt: T0,
    });

    const run = await deliverAlerts({ now: T0, companyIds: [t.company.id] });
    expect(run).toMatchObject({ claimed: 1, groups: 1, emails: 3 });
    for (const person of [t.owner, t.admin, t.accountant]) {
      const mails = await emailsTo(person);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail!.kind).toBe("alert.failed_postings");
      expect(mail!.subject).toContain(t.company.name);
      expect(mail!.subject).toContain("1,000 sales invoices failed to post");
      expect(mail!.text).toContain(t.org.name);
      expect(mail!.text).toContain(`http://localhost:3100${href}`);
      expect(mail!.html).toContain(`http://localhost:3100${href.replace("?", "?").replace("&", "&amp;")}`);
      expect(mail!.text).toContain("Unsubscribe");
      expect(mail!.text).toContain(`http://localhost:3100/o/${t.org.slug}/notifications/settings`);
    }
    expect(await emailsTo(t.viewer)).toHaveLength(0);
    expect(await db.alert.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      deliveredAt: T0,
      emailedAt: T0,
    });
    expect(await db.alertEmail.findMany({ where: { companyId: t.company.id } })).toEqual([
      expect.objectContaining({ kind: "failed_postings", alerts: 1, recipients: 3, sentAt: T0 }),
    ]);

    // Nothing new: nothing sent. A new failure 10 minutes later is held back by the throttle…
    expect((await deliverAlerts({ now: later(60_000), companyIds: [t.company.id] })).emails).toBe(0);
    const second = await createAlert(t.company, {
      count: 3,
      title: "3 purchase invoices failed to post",
      href,
      firstSeenAt: later(10 * 60_000),
    });
    expect((await deliverAlerts({ now: later(10 * 60_000), companyIds: [t.company.id] })).emails).toBe(0);
    expect((await deliverAlerts({ now: later(THROTTLE_MS - 1000), companyIds: [t.company.id] })).emails).toBe(0);
    expect(await db.alert.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      deliveredAt: null,
      emailedAt: null,
    });
    // …and goes out in the first run after the hour, alone.
    expect((await deliverAlerts({ now: later(THROTTLE_MS + 1000), companyIds: [t.company.id] })).emails).toBe(3);
    const mails = await emailsTo(t.accountant);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toContain("3 purchase invoices failed to post");
    expect(mails[1]!.text).not.toContain("1,000 sales invoices");
  });

  it("groups per company and kind: two failing subjects in one company are one email, other kinds and companies their own", async () => {
    const t = await createAlertOrg("grouping");
    const other = await db.company.create({
      data: { orgId: t.org.id, name: "Second company", baseCurrency: "GBP", timezone: "Europe/London" },
    });
    await createAlert(t.company, {
      subject: "sales",
      title: "5 sales invoices failed to post",
      count: 5,
      firstSeenAt: T0,
    });
    await createAlert(t.company, {
      subject: "payments",
      title: "2 payments failed to post",
      count: 2,
      firstSeenAt: T0,
    });
    await createAlert(t.company, {
      kind: "agent_offline",
      subject: "agent",
      title: "The Sage 100 agent has been offline for 12 minutes.",
      firstSeenAt: T0,
    });
    await createAlert(other, { subject: "sales", title: "1 sales invoice failed to post", firstSeenAt: T0 });
    const run = await deliverAlerts({ now: T0, companyIds: [t.company.id, other.id] });
    expect(run).toMatchObject({ claimed: 4, groups: 3, emails: 9 });

    const mails = await emailsTo(t.owner);
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        `${t.company.name}: Failed postings — 2 problems`,
        `${t.company.name}: The Sage 100 agent has been offline for 12 minutes.`,
        "Second company: 1 sales invoice failed to post",
      ].sort(),
    );
    const grouped = mails.find((m) => m.subject.includes("2 problems"))!;
    expect(grouped.text).toContain("5 sales invoices failed to post");
    expect(grouped.text).toContain("2 payments failed to post");
    // Several alerts: the link is the filtered list, not one record.
    expect(grouped.text).toContain(
      `http://localhost:3100/o/${t.org.slug}/companies/${t.company.id}/sync/records?status=DEAD`,
    );
  });

  it("by default viewers get nothing and digest-only kinds email nobody; a preference turns a kind off (or on) for one person", async () => {
    const t = await createAlertOrg("prefs");
    await createAlert(t.company, {
      kind: "held_records",
      subject: "held",
      severity: "warning",
      title: "4 records are held for a person",
      count: 4,
      firstSeenAt: T0,
    });
    expect(await deliverAlerts({ now: T0, companyIds: [t.company.id] })).toMatchObject({ claimed: 1, emails: 0 });
    expect(await db.alert.count({ where: { companyId: t.company.id, deliveredAt: null } })).toBe(0);

    await callerFor(t.accountant).notifications.updatePreferences({
      orgId: t.org.id,
      immediate: { failed_postings: false },
    });
    await callerFor(t.viewer).notifications.updatePreferences({ orgId: t.org.id, immediate: { agent_offline: true } });
    await createAlert(t.company, { subject: "sales", firstSeenAt: T0 });
    await createAlert(t.company, {
      kind: "agent_offline",
      subject: "agent",
      title: "The agent is offline",
      firstSeenAt: T0,
    });
    await deliverAlerts({ now: T0, companyIds: [t.company.id] });
    expect((await emailsTo(t.accountant)).map((m) => m.kind)).toEqual(["alert.agent_offline"]);
    expect((await emailsTo(t.viewer)).map((m) => m.kind)).toEqual(["alert.agent_offline"]);
    expect((await emailsTo(t.owner)).map((m) => m.kind).sort()).toEqual([
      "alert.agent_offline",
      "alert.failed_postings",
    ]);
    // The throttle slot records how many people were told.
    expect(
      await db.alertEmail.findFirstOrThrow({ where: { companyId: t.company.id, kind: "failed_postings" } }),
    ).toMatchObject({ recipients: 2 });
  });

  it("each email carries a one-click List-Unsubscribe header for that person, organization and kind", async () => {
    const t = await createAlertOrg("header");
    await createAlert(t.company, { firstSeenAt: T0 });
    await deliverAlerts({ now: T0, companyIds: [t.company.id] });
    const [mail] = await emailsTo(t.admin);
    const headers = mail!.headers as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = /^<(http:\/\/localhost:3100\/api\/unsubscribe\?token=[^>]+)>$/.exec(headers["List-Unsubscribe"]!)?.[1];
    expect(url).toBeTruthy();
    const token = new URL(url!).searchParams.get("token");
    expect(readUnsubscribeToken(token)).toEqual({
      ok: true,
      claim: { userId: t.admin.id, orgId: t.org.id, what: "failed_postings" },
    });
  });

  it("sends 'back online' when an emailed agent_offline alert resolves, to those who got the offline email and still want it", async () => {
    const t = await createAlertOrg("online");
    const offline = await createAlert(t.company, {
      kind: "agent_offline",
      subject: "agent",
      title: "The Sage 100 agent has been offline for 11 minutes.",
      firstSeenAt: T0,
    });
    await deliverAlerts({ now: T0, companyIds: [t.company.id] });
    // A new admin (never told) and the accountant turning the kind off: neither gets "back online".
    const newcomer = (await addMember(t.org, "ADMIN", "newcomer")).user;
    await callerFor(t.accountant).notifications.updatePreferences({
      orgId: t.org.id,
      immediate: { agent_offline: false },
    });
    expect((await deliverAlerts({ now: later(60_000), companyIds: [t.company.id] })).backOnline).toBe(0);

    await db.alert.update({ where: { id: offline.id }, data: { resolvedAt: later(20 * 60_000), openKey: null } });
    const run = await deliverAlerts({ now: later(21 * 60_000), companyIds: [t.company.id] });
    expect(run.backOnline).toBe(2);
    for (const person of [t.owner, t.admin]) {
      const back = await emailsTo(person, "alert.agent_online");
      expect(back).toHaveLength(1);
      expect(back[0]!.subject).toBe(`${t.company.name}: Sage 100 agent back online`);
      expect((back[0]!.headers as Record<string, string>)["List-Unsubscribe"]).toMatch(/^<http/);
    }
    expect(await emailsTo(t.accountant, "alert.agent_online")).toHaveLength(0);
    expect(await emailsTo(newcomer)).toHaveLength(0);
    expect((await db.alert.findUniqueOrThrow({ where: { id: offline.id } })).resolvedEmailedAt).toEqual(
      later(21 * 60_000),
    );
    // Said once.
    expect((await deliverAlerts({ now: later(22 * 60_000), companyIds: [t.company.id] })).backOnline).toBe(0);
  });

  it("an alert resolved before it could be emailed is delivered without an email, and never says 'back online'", async () => {
    const t = await createAlertOrg("flap");
    await createAlert(t.company, {
      kind: "agent_offline",
      subject: "agent",
      firstSeenAt: T0,
      resolvedAt: later(60_000),
    });
    expect(await deliverAlerts({ now: later(120_000), companyIds: [t.company.id] })).toMatchObject({
      claimed: 1,
      emails: 0,
      backOnline: 0,
    });
    expect(await emailsTo(t.owner)).toHaveLength(0);
  });

  it("two instances delivering at once send each email once", async () => {
    const t = await createAlertOrg("race");
    await createAlert(t.company, { count: 500, firstSeenAt: T0 });
    await createAlert(t.company, {
      kind: "kashflow_connection",
      subject: "connection",
      title: "The KashFlow connection expired.",
      firstSeenAt: T0,
    });
    const runs = await Promise.all([1, 2, 3].map(() => deliverAlerts({ now: T0, companyIds: [t.company.id] })));
    expect(runs.reduce((n, r) => n + r.emails, 0)).toBe(6);
    expect((await emailsTo(t.owner)).map((m) => m.kind).sort()).toEqual([
      "alert.failed_postings",
      "alert.kashflow_connection",
    ]);
    expect(await db.alertEmail.count({ where: { companyId: t.company.id } })).toBe(2);
  });
});
