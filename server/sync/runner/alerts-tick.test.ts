// The alerts tick under both runners reaches the same code: reconcile (here standing in for the health model's
// watchdog, which opens an agent_offline alert) → deliver → digests, in one tick.
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { ALERTS_TICK_REQUESTED, alertsTick } from "@/server/jobs/alerts-tick";
import { functions } from "@/server/jobs/functions";
import { createAlertOrg, emailsTo } from "@/tests/alert-factories";
import { startAlertsTicker } from "./alerts-ticker";

const reconciled: { companyIds?: string[]; now?: Date }[] = [];

// The health model's reconcile (another slice) opens alerts; this stand-in opens the agent-offline one it would.
vi.mock("@/server/services/alerts/reconcile", () => ({
  reconcileAlerts: async (o: { companyIds?: string[]; now?: Date }) => {
    reconciled.push(o);
    let opened = 0;
    for (const companyId of o.companyIds ?? []) {
      const company = await db.company.findUniqueOrThrow({ where: { id: companyId } });
      const openKey = `${companyId}|agent_offline|agent`;
      if (await db.alert.findUnique({ where: { openKey } })) continue;
      await db.alert.create({
        data: {
          orgId: company.orgId,
          companyId,
          kind: "agent_offline",
          subject: "agent",
          severity: "critical",
          title: "The Sage 100 agent has been offline for 10 minutes.",
          href: `/o/x/companies/${companyId}`,
          openKey,
          firstSeenAt: o.now,
          lastSeenAt: o.now,
        },
      });
      opened += 1;
    }
    return { opened, updated: 0, resolved: 0 };
  },
}));

describe("alerts tick", () => {
  it("under the in-process runner: one tick opens the offline alert and emails it, the next sends nothing more", async () => {
    const t = await createAlertOrg("in-process");
    const lines: string[] = [];
    const ticker = startAlertsTicker({ companyIds: [t.company.id], log: (l) => lines.push(l) });
    try {
      await ticker.tick();
      await ticker.tick();
    } finally {
      ticker.stop();
    }
    expect(reconciled.filter((r) => r.companyIds?.includes(t.company.id))).toHaveLength(2);
    for (const person of [t.owner, t.admin, t.accountant])
      expect(await emailsTo(person, "alert.agent_offline")).toHaveLength(1);
    expect(await emailsTo(t.viewer, "alert.agent_offline")).toHaveLength(0);
    expect(lines[0]).toContain("3 alert emails");
  });

  it("as the Inngest function (every minute, or on request): the same stages as durable steps", async () => {
    expect(functions).toContain(alertsTick);
    const t = await createAlertOrg("inngest");
    const engine = new InngestTestEngine({ function: alertsTick });
    const { result, ctx } = await engine.execute({
      events: [{ name: ALERTS_TICK_REQUESTED, data: { companyIds: [t.company.id] } }],
    });
    for (const id of ["clock", "reconcile", "deliver", "send-digests"])
      expect(ctx.step.run).toHaveBeenCalledWith(id, expect.any(Function));
    expect(result).toMatchObject({ reconciled: { opened: 1 }, delivered: { claimed: 1, emails: 3 } });
    for (const person of [t.owner, t.admin, t.accountant])
      expect(await emailsTo(person, "alert.agent_offline")).toHaveLength(1);
    const alert = await db.alert.findUniqueOrThrow({ where: { openKey: `${t.company.id}|agent_offline|agent` } });
    expect(alert.emailedAt).not.toBeNull();
  });
});
