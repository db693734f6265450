// In-app notifications through the tRPC procedures: the bell's unread count, the list, mark read, mark all read,
// resolved ones kept (greyed) for a week, and each person's own preferences.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAlert, createAlertOrg } from "@/tests/alert-factories";
import { callerFor, trpcCodeOf } from "@/tests/factories";

describe("notifications", () => {
  it("counts open alerts the person has not read; mark read and mark all read are per person", async () => {
    const t = await createAlertOrg("bell");
    const other = await createAlertOrg("bell-other");
    const sales = await createAlert(t.company, { title: "3 sales invoices failed to post", count: 3 });
    await createAlert(t.company, { kind: "agent_offline", subject: "agent", title: "The Sage 100 agent is offline." });
    await createAlert(t.company, { subject: "old", title: "An old problem", resolvedAt: new Date() });
    await createAlert(other.company, { title: "Someone else's problem" });
    const owner = callerFor(t.owner);
    const accountant = callerFor(t.accountant);
    expect(await owner.notifications.unreadCount({ orgId: t.org.id })).toEqual({ unread: 2 });

    expect(await owner.notifications.markRead({ orgId: t.org.id, alertId: sales.id })).toEqual({ unread: 1 });
    expect(await accountant.notifications.unreadCount({ orgId: t.org.id })).toEqual({ unread: 2 });
    const { notifications } = await owner.notifications.list({ orgId: t.org.id });
    expect(notifications.map((n) => [n.title, n.read, n.resolvedAt === null])).toEqual(
      expect.arrayContaining([
        ["3 sales invoices failed to post", true, true],
        ["The Sage 100 agent is offline.", false, true],
        ["An old problem", false, false],
      ]),
    );
    expect(notifications.map((n) => n.title)).not.toContain("Someone else's problem");
    expect(notifications[0]).toMatchObject({
      companyName: t.company.name,
      timezone: "Europe/London",
      kindLabel: expect.any(String),
      href: expect.stringMatching(/^\//),
    });

    expect(await accountant.notifications.markAllRead({ orgId: t.org.id })).toMatchObject({ unread: 0 });
    expect(await owner.notifications.unreadCount({ orgId: t.org.id })).toEqual({ unread: 1 });
  });

  it("a resolved alert leaves the unread count, stays on the list as resolved for 7 days, then drops off", async () => {
    const t = await createAlertOrg("resolved");
    const alert = await createAlert(t.company, {
      kind: "agent_offline",
      subject: "agent",
      title: "The Sage 100 agent is offline.",
    });
    const caller = callerFor(t.admin);
    expect(await caller.notifications.unreadCount({ orgId: t.org.id })).toEqual({ unread: 1 });
    const resolvedAt = new Date(Date.now() - 6 * 86_400_000);
    await db.alert.update({ where: { id: alert.id }, data: { resolvedAt, openKey: null } });
    expect(await caller.notifications.unreadCount({ orgId: t.org.id })).toEqual({ unread: 0 });
    expect((await caller.notifications.list({ orgId: t.org.id })).notifications).toEqual([
      expect.objectContaining({ id: alert.id, resolvedAt }),
    ]);
    await db.alert.update({ where: { id: alert.id }, data: { resolvedAt: new Date(Date.now() - 8 * 86_400_000) } });
    expect((await caller.notifications.list({ orgId: t.org.id })).notifications).toEqual([]);
  });

  it("refuses to mark another organization's alert, even from inside the caller's own", async () => {
    const victim = await createAlertOrg("victim");
    const attacker = await createAlertOrg("attacker");
    const alert = await createAlert(victim.company);
    expect(
      await trpcCodeOf(callerFor(attacker.owner).notifications.markRead({ orgId: attacker.org.id, alertId: alert.id })),
    ).toBe("NOT_FOUND");
    expect(
      await trpcCodeOf(callerFor(attacker.owner).notifications.markRead({ orgId: victim.org.id, alertId: alert.id })),
    ).toBe("NOT_FOUND");
    expect(await db.alertRead.count({ where: { alertId: alert.id } })).toBe(0);
  });

  it("preferences start at the role's defaults and each person changes only their own", async () => {
    const t = await createAlertOrg("preferences");
    const viewer = await callerFor(t.viewer).notifications.getPreferences({ orgId: t.org.id });
    expect(viewer.digest).toBe("off");
    expect(viewer.immediate.every((k) => !k.on)).toBe(true);
    expect(viewer.effectiveTimezone).toBe("Europe/London");
    const accountant = await callerFor(t.accountant).notifications.getPreferences({ orgId: t.org.id });
    expect(accountant.digest).toBe("daily");
    expect(accountant.immediate.map((k) => k.kind)).toEqual([
      "failed_postings",
      "flow_failing",
      "agent_offline",
      "kashflow_connection",
      "tie_out_variance",
      "period_closed",
    ]);
    expect(accountant.immediate.every((k) => k.on)).toBe(true);
    expect(accountant.digestOnly.map((k) => k.kind)).toEqual(["held_records", "fx_missing"]);

    const saved = await callerFor(t.accountant).notifications.updatePreferences({
      orgId: t.org.id,
      immediate: { tie_out_variance: false },
      digest: "weekly",
      timezone: "America/New_York",
    });
    expect(saved.immediate.find((k) => k.kind === "tie_out_variance")).toMatchObject({ on: false, roleDefault: true });
    expect(saved).toMatchObject({
      digest: "weekly",
      timezone: "America/New_York",
      effectiveTimezone: "America/New_York",
    });
    expect(
      (await callerFor(t.admin).notifications.getPreferences({ orgId: t.org.id })).immediate.every((k) => k.on),
    ).toBe(true);
    // Back to the first company's zone.
    expect(
      await callerFor(t.accountant).notifications.updatePreferences({ orgId: t.org.id, timezone: null }),
    ).toMatchObject({ timezone: null, effectiveTimezone: "Europe/London" });
    expect(
      await trpcCodeOf(
        callerFor(t.accountant).notifications.updatePreferences({ orgId: t.org.id, timezone: "Mars/Olympus" }),
      ),
    ).toBe("BAD_REQUEST");
  });
});
