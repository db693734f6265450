// The digest on real Postgres with a controlled clock: one email per person across organizations, at 08:00 in
// their time zone, once a day, weekly on Mondays, nothing when nothing is open.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAlert, createAlertOrg, emailsTo } from "@/tests/alert-factories";
import { callerFor } from "@/tests/factories";
import { sendDigests } from "./digest";

// Monday 7 December 2026 (GMT = UTC in London in winter; New York is UTC-5).
const MONDAY_0759 = new Date("2026-12-07T07:59:00Z");
const MONDAY_0800 = new Date("2026-12-07T08:00:00Z");
const MONDAY_0830 = new Date("2026-12-07T08:30:00Z");
const TUESDAY_0800 = new Date("2026-12-08T08:00:00Z");

/** An accountant who is a member of two client organizations, each with a company and an open problem. */
async function accountantInTwoOrgs(label: string) {
  const a = await createAlertOrg(`${label}-a`);
  const b = await createAlertOrg(`${label}-b`, { timezone: "America/New_York" });
  await db.membership.create({ data: { orgId: b.org.id, userId: a.accountant.id, role: "ACCOUNTANT" } });
  await createAlert(a.company, {
    title: "12 sales invoices failed to post",
    count: 12,
    href: `/o/${a.org.slug}/companies/${a.company.id}/sync/records?status=DEAD`,
    firstSeenAt: new Date("2026-12-06T09:00:00Z"),
  });
  await createAlert(b.company, {
    kind: "agent_offline",
    subject: "agent",
    title: "The Sage 100 agent has been offline for 3 hours.",
    href: `/o/${b.org.slug}/companies/${b.company.id}`,
    firstSeenAt: new Date("2026-12-07T02:00:00Z"),
  });
  return {
    a,
    b,
    person: a.accountant,
    everyone: [a.owner, a.admin, a.accountant, a.viewer, b.owner, b.admin, b.accountant, b.viewer].map((u) => u.id),
  };
}

describe("sendDigests", () => {
  it("sends a person in two organizations ONE digest listing both, at 08:00 in their time zone, once that day", async () => {
    const { a, b, person, everyone } = await accountantInTwoOrgs("two-orgs");
    expect(await sendDigests({ now: MONDAY_0759, userIds: [person.id] })).toMatchObject({ sent: 0 });

    expect(await sendDigests({ now: MONDAY_0800, userIds: [person.id] })).toMatchObject({ due: 1, sent: 1 });
    const digests = await emailsTo(person, "alert.digest");
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest!.subject).toBe("Ledgerlink daily digest: 2 open problems in 2 companies across 2 organizations");
    for (const text of [
      a.org.name,
      b.org.name,
      a.company.name,
      b.company.name,
      "12 sales invoices failed to post",
      "The Sage 100 agent has been offline for 3 hours.",
    ]) {
      expect(digest!.text).toContain(text);
      expect(digest!.html).toContain(text);
    }
    expect(digest!.text).toContain(
      `http://localhost:3100/o/${a.org.slug}/companies/${a.company.id}/sync/records?status=DEAD`,
    );
    expect(digest!.text).toContain(`http://localhost:3100/o/${b.org.slug}/companies/${b.company.id}`);
    // Organization before company: the first organization's section comes first, each company under its own.
    expect(digest!.text.indexOf(a.org.name.toUpperCase())).toBeLessThan(digest!.text.indexOf(a.company.name));
    expect((digest!.headers as Record<string, string>)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    // Once a day: later that morning nothing, the next morning again.
    expect(await sendDigests({ now: MONDAY_0830, userIds: [person.id] })).toMatchObject({ due: 0, sent: 0 });
    expect(await emailsTo(person, "alert.digest")).toHaveLength(1);
    expect(await sendDigests({ now: TUESDAY_0800, userIds: [person.id] })).toMatchObject({ sent: 1 });
    expect(await db.userDigest.findUniqueOrThrow({ where: { userId: person.id } })).toMatchObject({
      lastDay: "2026-12-08",
      lastSentAt: TUESDAY_0800,
    });

    // The others: owners, admins and the other accountant get theirs (each their own organization); viewers nothing.
    await sendDigests({ now: MONDAY_0800, userIds: everyone.filter((id) => id !== person.id) });
    expect(await emailsTo(a.owner, "alert.digest")).toHaveLength(1);
    expect((await emailsTo(a.owner, "alert.digest"))[0]!.text).not.toContain(b.company.name);
    expect(await emailsTo(a.viewer, "alert.digest")).toHaveLength(0);
    expect(await emailsTo(b.viewer, "alert.digest")).toHaveLength(0);
  });

  it("follows the person's chosen time zone, else the first company's", async () => {
    const { b } = await accountantInTwoOrgs("zones");
    // b's owner sees only the New York company: 08:00 there is 13:00 UTC.
    expect(await sendDigests({ now: MONDAY_0800, userIds: [b.owner.id] })).toMatchObject({ sent: 0 });
    expect(await sendDigests({ now: new Date("2026-12-07T12:59:00Z"), userIds: [b.owner.id] })).toMatchObject({
      sent: 0,
    });
    expect(await sendDigests({ now: new Date("2026-12-07T13:00:00Z"), userIds: [b.owner.id] })).toMatchObject({
      sent: 1,
    });
    // b's admin chooses Tokyo (UTC+9): 08:00 Tuesday there is 23:00 UTC Monday.
    await callerFor(b.admin).notifications.updatePreferences({ orgId: b.org.id, timezone: "Asia/Tokyo" });
    expect(await sendDigests({ now: new Date("2026-12-07T22:59:00Z"), userIds: [b.admin.id] })).toMatchObject({
      sent: 0,
    });
    expect(await sendDigests({ now: new Date("2026-12-07T23:00:00Z"), userIds: [b.admin.id] })).toMatchObject({
      sent: 1,
    });
    expect((await db.userDigest.findUniqueOrThrow({ where: { userId: b.admin.id } })).lastDay).toBe("2026-12-08");
  });

  it("weekly digests come on Mondays; a person's digest covers the organizations on for that day", async () => {
    const { a, b, person } = await accountantInTwoOrgs("weekly");
    await callerFor(person).notifications.updatePreferences({ orgId: b.org.id, digest: "weekly" });
    await sendDigests({ now: TUESDAY_0800, userIds: [person.id] });
    const tuesday = await emailsTo(person, "alert.digest");
    expect(tuesday).toHaveLength(1);
    expect(tuesday[0]!.text).toContain(a.company.name);
    expect(tuesday[0]!.text).not.toContain(b.company.name);

    // Weekly only: nothing on Tuesday, the digest on Monday (it says weekly).
    await callerFor(b.owner).notifications.updatePreferences({ orgId: b.org.id, digest: "weekly" });
    expect(await sendDigests({ now: new Date("2026-12-08T13:00:00Z"), userIds: [b.owner.id] })).toMatchObject({
      sent: 0,
    });
    expect(await sendDigests({ now: new Date("2026-12-14T13:00:00Z"), userIds: [b.owner.id] })).toMatchObject({
      sent: 1,
    });
    expect((await emailsTo(b.owner, "alert.digest"))[0]!.subject).toMatch(
      /^Ledgerlink weekly digest: 1 open problem in 1 company$/,
    );

    // Off: nothing.
    await callerFor(a.admin).notifications.updatePreferences({ orgId: a.org.id, digest: "off" });
    expect(await sendDigests({ now: MONDAY_0800, userIds: [a.admin.id] })).toMatchObject({ sent: 0 });
  });

  it("sends nothing when nothing is open anywhere (resolved problems are not news)", async () => {
    const t = await createAlertOrg("quiet");
    await createAlert(t.company, {
      firstSeenAt: new Date("2026-12-06T09:00:00Z"),
      resolvedAt: new Date("2026-12-06T10:00:00Z"),
    });
    expect(await sendDigests({ now: MONDAY_0800, userIds: [t.owner.id, t.accountant.id] })).toMatchObject({
      due: 2,
      sent: 0,
      empty: 2,
    });
    expect(await emailsTo(t.owner)).toHaveLength(0);
  });

  it("stays short for many companies: the worst in detail, the rest counted with a link to the organization's notifications", async () => {
    const t = await createAlertOrg("many");
    const companies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.company.create({
          data: {
            orgId: t.org.id,
            name: `Client ${String(i).padStart(2, "0")}`,
            baseCurrency: "GBP",
            timezone: "Europe/London",
          },
        }),
      ),
    );
    for (const [i, c] of companies.entries()) {
      await createAlert(c, {
        kind: "held_records",
        severity: "warning",
        subject: "held",
        title: `${i + 1} records are held for a person`,
        firstSeenAt: MONDAY_0759,
      });
    }
    await createAlert(companies[11]!, { title: "1 sales invoice failed to post", firstSeenAt: MONDAY_0759 });
    await sendDigests({ now: MONDAY_0800, userIds: [t.owner.id] });
    const [digest] = await emailsTo(t.owner, "alert.digest");
    expect(digest!.subject).toBe("Ledgerlink daily digest: 13 open problems in 12 companies");
    // The company with a critical problem comes first; 10 in detail, 2 counted.
    expect(digest!.text.indexOf("Client 11")).toBeLessThan(digest!.text.indexOf("Client 00"));
    expect(digest!.text).toContain("And 2 companies with 2 open problems — see them in");
    expect(digest!.text).toContain(`http://localhost:3100/o/${t.org.slug}/notifications`);
  });

  it("two instances at 08:00 send each digest once", async () => {
    const { person } = await accountantInTwoOrgs("race");
    const runs = await Promise.all([1, 2, 3].map(() => sendDigests({ now: MONDAY_0800, userIds: [person.id] })));
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await emailsTo(person, "alert.digest")).toHaveLength(1);
  });
});
