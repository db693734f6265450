// The agent-offline watchdog and the flow-failure alerts, end to end with the real health model, reconcile and
// delivery: a controlled clock for the watchdog; both runners (in-process, Inngest) reaching the same alert code.
import { InngestTestEngine } from "@inngest/test";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { alertsTick } from "@/server/jobs/alerts-tick";
import { onSyncFlowFailed, syncFlow } from "@/server/jobs/sync-flow";
import { FLOW_RUN } from "@/server/jobs/events";
import { FLOWS } from "@/server/sync/flows";
import { scheduled } from "@/server/sync/scheduled";
import { runCompanyFlow } from "@/server/sync/runner/run-due";
import { memoryTarget, testFlow } from "@/server/sync/testing/memory-flow";
import { createAlertOrg } from "@/tests/alert-factories";
import { runAlertsTick } from "./tick";

const MINUTE = 60_000;

/**
 * A live company with KashFlow connected and its agent last heard from at `seenAt`. Its flows are switched off in its
 * settings, so the in-process runners of other test files leave it alone; these tests run flows by hand.
 */
async function liveCompany(label: string, seenAt: Date, settings: Record<string, unknown> = {}) {
  const t = await createAlertOrg(label);
  const companyId = t.company.id;
  await db.syncSettings.create({
    data: {
      companyId,
      settings: {
        ...settings,
        pausedFlows: scheduled()
          .map((f) => f.id)
          .filter((id) => !id.startsWith("things.")),
      },
    },
  });
  await db.company.update({ where: { id: companyId }, data: { status: "LIVE", wentLiveAt: seenAt } });
  await db.kashflowConnection.create({
    data: {
      companyId,
      authMethod: "SESSION_TOKEN",
      apiBaseUrl: "http://kashflow.invalid/v2",
      secrets: "sealed",
      keyId: "k1",
      status: "CONNECTED",
    },
  });
  const agent = await db.sage100Agent.create({
    data: {
      companyId,
      activeCompanyId: companyId,
      tokenHash: `wd-${companyId}`,
      hostname: "sage-host",
      version: "1",
      driver: "simulator",
      lastSeenAt: seenAt,
      lastHeartbeatAt: seenAt,
    },
  });
  return { ...t, companyId, agentId: agent.id };
}

const emailsTo = (email: string, kind: string) => db.emailMessage.count({ where: { to: email, kind } });
const openAlerts = (companyId: string, kind: string) =>
  db.alert.findMany({ where: { companyId, kind, resolvedAt: null } });

describe("agent-offline watchdog", () => {
  it("alerts once the agent has been silent longer than the company's setting, by email and in the app, and says when it is back", async () => {
    const start = new Date("2026-12-07T09:00:00Z");
    const c = await liveCompany("watchdog", start);
    const tick = (minutes: number) =>
      runAlertsTick({ now: new Date(start.getTime() + minutes * MINUTE), companyIds: [c.companyId] });

    // Silent for 9 minutes: within the default 10, nothing yet.
    await tick(9);
    expect(await openAlerts(c.companyId, "agent_offline")).toEqual([]);

    // Silent for 11: one alert, one email to each person who wants it (the viewer does not by default).
    const offline = await tick(11);
    expect(offline.reconciled.opened).toBe(1);
    const [alert] = await openAlerts(c.companyId, "agent_offline");
    expect(alert!.title).toMatch(/has not been heard from since/);
    for (const who of [c.owner, c.admin, c.accountant])
      expect(await emailsTo(who.email, "alert.agent_offline")).toBe(1);
    expect(await emailsTo(c.viewer.email, "alert.agent_offline")).toBe(0);

    // Still silent a while later: no second email (one alert, throttled), still open.
    await tick(20);
    expect(await emailsTo(c.owner.email, "alert.agent_offline")).toBe(1);

    // The agent is back (a heartbeat): resolved, and those told it was offline are told it is back.
    await db.sage100Agent.update({
      where: { id: c.agentId },
      data: {
        lastSeenAt: new Date(start.getTime() + 24 * MINUTE),
        lastHeartbeatAt: new Date(start.getTime() + 24 * MINUTE),
      },
    });
    const back = await tick(25);
    expect(back.reconciled.resolved).toBe(1);
    expect(await openAlerts(c.companyId, "agent_offline")).toEqual([]);
    for (const who of [c.owner, c.admin, c.accountant]) expect(await emailsTo(who.email, "alert.agent_online")).toBe(1);
  });

  it("follows the company's own threshold", async () => {
    const start = new Date("2026-12-07T09:00:00Z");
    const c = await liveCompany("watchdog-30", start, { alerts: { agentOfflineMinutes: 30 } });
    await runAlertsTick({ now: new Date(start.getTime() + 20 * MINUTE), companyIds: [c.companyId] });
    expect(await openAlerts(c.companyId, "agent_offline")).toEqual([]);
    await runAlertsTick({ now: new Date(start.getTime() + 31 * MINUTE), companyIds: [c.companyId] });
    expect(await openAlerts(c.companyId, "agent_offline")).toHaveLength(1);
  });

  it("is the same tick under Inngest: its cron function opens the alert and sends the email", async () => {
    const c = await liveCompany("watchdog-inngest", new Date(Date.now() - 60 * MINUTE));
    const t = new InngestTestEngine({ function: alertsTick });
    await t.execute({ events: [{ name: "alerts/tick.requested", data: { companyIds: [c.companyId] } }] });
    expect(await openAlerts(c.companyId, "agent_offline")).toHaveLength(1);
    expect(await emailsTo(c.owner.email, "alert.agent_offline")).toBe(1);
  });
});

describe("a flow failing run after run alerts under both runners", () => {
  const FLOW_ID = "things.failing-alert";
  afterEach(() => {
    const i = FLOWS.findIndex((f) => f.id === FLOW_ID);
    if (i >= 0) FLOWS.splice(i, 1);
  });

  /** A flow whose detect always fails, as when KashFlow keeps answering with errors. */
  function failingFlow() {
    const flow = {
      ...testFlow(new Map(), memoryTarget(), FLOW_ID),
      detect: async () =>
        Promise.reject(
          new AppError("UPSTREAM", "KashFlow answered 503 Service Unavailable.", { retryClass: "TRANSIENT" }),
        ),
    };
    FLOWS.push(flow);
    return flow;
  }

  it("in-process: the second failed run in a row opens a flow_failing alert, emailed at once; a good run resolves it", async () => {
    const c = await liveCompany("failing-in-process", new Date());
    failingFlow();
    await runCompanyFlow(c.companyId, FLOW_ID);
    expect(await openAlerts(c.companyId, "flow_failing")).toEqual([]);
    await runCompanyFlow(c.companyId, FLOW_ID);
    const [alert] = await openAlerts(c.companyId, "flow_failing");
    expect(alert).toMatchObject({ subject: FLOW_ID, severity: "critical" });
    await runAlertsTick({ companyIds: [c.companyId] });
    expect(await emailsTo(c.owner.email, "alert.flow_failing")).toBe(1);
    // Fixed at the source: the next run succeeds and the alert resolves itself.
    FLOWS.splice(
      FLOWS.findIndex((f) => f.id === FLOW_ID),
      1,
      testFlow(new Map(), memoryTarget(), FLOW_ID),
    );
    await runCompanyFlow(c.companyId, FLOW_ID);
    expect(await openAlerts(c.companyId, "flow_failing")).toEqual([]);
  });

  it("Inngest: two failed runs of the sync-flow function open the same alert", async () => {
    const c = await liveCompany("failing-inngest", new Date());
    failingFlow();
    const event = { name: FLOW_RUN, data: { companyId: c.companyId, flowId: FLOW_ID, kashflowAccountKey: "acct" } };
    // Each run fails in its detect step; after its last retry Inngest calls the function's onFailure.
    for (let run = 0; run < 2; run++) {
      const { error } = await new InngestTestEngine({ function: syncFlow, events: [event] }).execute();
      expect(error).toBeTruthy();
      await onSyncFlowFailed(event.data, { message: String((error as Error).message ?? error) });
    }
    expect(
      await db.syncState.findUniqueOrThrow({ where: { companyId_flow: { companyId: c.companyId, flow: FLOW_ID } } }),
    ).toMatchObject({ status: "FAILED", leaseOwner: null, consecutiveFailures: 2 });
    expect(await openAlerts(c.companyId, "flow_failing")).toEqual([expect.objectContaining({ subject: FLOW_ID })]);
  });
});
