// The health model on real Postgres: each kind of problem with its sentence and fix link, each flow's label, the
// lifecycle levels, tenancy, and many companies in one call.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { fxFormHref, holdFixHref } from "@/components/mappings/hrefs";
import { ledgerRecord, syncTenant } from "@/server/services/sync/testing/fixtures";
import { callerFor, createOrg, createUser, trpcCodeOf } from "@/tests/factories";
import { companyHealth, healthOfCompanies } from "./company-health";
import { companyPaths, fxRateHref, redateClosedHref } from "./hrefs";

// 14:02 in London (GMT in December).
const NOW = new Date("2026-12-05T14:27:00Z");
const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000);
const SALES = "sales_invoices.kashflow_to_sage100";

/** A live company with KashFlow connected and its agent heard from a minute ago: healthy until a test breaks it. */
async function liveCompany() {
  const t = await syncTenant({ connected: true });
  await db.company.update({ where: { id: t.company.id }, data: { status: "LIVE", wentLiveAt: minutesBefore(600) } });
  await db.sage100Agent.updateMany({
    where: { companyId: t.company.id },
    data: { lastHeartbeatAt: minutesBefore(0.5), lastSeenAt: minutesBefore(0.5) },
  });
  const paths = companyPaths(t.org.slug, t.company.id);
  const health = () => companyHealth(t.scope, { now: NOW });
  return { ...t, paths, health };
}

const invoice = (n: string) => ({ kind: "sales_invoice", number: n, issueDate: "2026-12-04", currency: "GBP" });

describe("company health", () => {
  it("a live company with nothing wrong is all good, and so is each flow that ran", async () => {
    const c = await liveCompany();
    await db.syncState.create({
      data: { companyId: c.company.id, flow: SALES, runStartedAt: minutesBefore(3), runFinishedAt: minutesBefore(2) },
    });
    const h = await c.health();
    expect(h).toMatchObject({
      level: "ok",
      summary: "All good",
      problems: [],
      lifecycle: "LIVE",
      agentOnline: true,
      orgSlug: c.org.slug,
      companyName: c.company.name,
      lastSyncAt: minutesBefore(2),
    });
    expect(h.flows.find((f) => f.flowId === SALES)).toEqual({
      flowId: SALES,
      state: "ok",
      label: "OK",
      held: 0,
      failed: 0,
      dead: 0,
    });
    expect(h.flows.find((f) => f.flowId === "customers.kashflow_to_sage100")).toMatchObject({
      state: "not_run",
      label: "Not run yet",
    });
  });

  it("an agent not heard from for longer than the company allows is offline, said with the time in the company's zone", async () => {
    const c = await liveCompany();
    await db.sage100Agent.updateMany({
      where: { companyId: c.company.id },
      data: { lastHeartbeatAt: minutesBefore(25), lastSeenAt: minutesBefore(26) },
    });
    const h = await c.health();
    expect(h.level).toBe("critical");
    expect(h.agentOnline).toBe(false);
    expect(h.problems).toEqual([
      {
        kind: "agent_offline",
        subject: "agent",
        severity: "critical",
        sentence: "The Sage 100 agent has not been heard from since 14:02 (25 minutes ago).",
        href: c.paths.company,
        count: 1,
      },
    ]);
    // Within the company's own limit it is not a problem yet (grey in the UI, not an alert).
    const form = await callerFor(c.owner).sync.getSettings({ companyId: c.company.id });
    await callerFor(c.owner).sync.updateSettings({
      companyId: c.company.id,
      ...form,
      alerts: { agentOfflineMinutes: 30 },
    });
    expect((await c.health()).problems).toEqual([]);
    // No agent at all (revoked): nothing reaches Sage 100.
    await db.sage100Agent.updateMany({
      where: { companyId: c.company.id },
      data: { activeCompanyId: null, revokedAt: NOW },
    });
    expect((await c.health()).problems).toEqual([
      expect.objectContaining({
        kind: "agent_offline",
        subject: "agent",
        sentence: expect.stringMatching(/^No Sage 100 agent is paired/),
      }),
    ]);
  });

  it("an expired, locked or unreachable KashFlow connection is critical, with its reason", async () => {
    const c = await liveCompany();
    const where = { companyId: c.company.id };
    await db.kashflowConnection.update({
      where,
      data: { status: "EXPIRED", lastError: "KashFlow no longer accepts the saved token." },
    });
    expect((await c.health()).problems).toEqual([
      {
        kind: "kashflow_connection",
        subject: "connection",
        severity: "critical",
        sentence: "The KashFlow connection has expired: KashFlow no longer accepts the saved token.",
        href: c.paths.company,
        count: 1,
      },
    ]);
    await db.kashflowConnection.update({ where, data: { status: "LOCKED", lastError: "Too many failed sign-ins." } });
    expect((await c.health()).problems[0]).toMatchObject({
      kind: "kashflow_connection",
      sentence: "KashFlow has locked the account: Too many failed sign-ins.",
    });
    await db.kashflowConnection.update({
      where,
      data: {
        status: "CONNECTED",
        lastError: null,
        failingSince: minutesBefore(20),
        lastFailureAt: minutesBefore(1),
        lastFailure: "connect ECONNREFUSED 127.0.0.1:4010",
      },
    });
    const h = await c.health();
    expect(h.level).toBe("critical");
    expect(h.problems).toEqual([
      expect.objectContaining({
        kind: "kashflow_connection",
        subject: "connection",
        sentence: "KashFlow cannot be reached (since 14:07): connect ECONNREFUSED 127.0.0.1:4010.",
      }),
    ]);
  });

  it("a dead record and a posting the target refused are failed postings: one links the record, several the filtered list", async () => {
    const c = await liveCompany();
    const dead = await ledgerRecord(c.company.id, {
      model: "sales_invoice",
      externalId: "1042",
      payload: invoice("1042"),
      status: "DEAD",
      errorMessage: "Sage 100 rejected the batch.",
      retryClass: "BUG",
    });
    const one = await c.health();
    expect(one.problems).toEqual([
      {
        kind: "failed_postings",
        subject: SALES,
        severity: "critical",
        sentence:
          "Sales invoice 1042 could not be written to Sage 100 and is out of retries: Sage 100 rejected the batch.",
        href: `${c.paths.sync}/records/${dead.id}`,
        count: 1,
      },
    ]);
    const refused = await ledgerRecord(c.company.id, {
      model: "sales_invoice",
      externalId: "1043",
      payload: invoice("1043"),
      status: "HELD",
      errorCode: "CREDIT_HOLD",
      errorMessage: "Customer ACME is on credit hold.",
      retryClass: "NEEDS_USER",
    });
    await db.syncRecord.update({ where: { id: refused.id }, data: { heldBy: "TARGET" } });
    const two = await c.health();
    expect(two.problems).toEqual([
      expect.objectContaining({
        kind: "failed_postings",
        subject: SALES,
        count: 2,
        sentence: "2 sales invoices could not be written to Sage 100 (1 refused by Sage 100, 1 out of retries).",
        href: `${c.paths.sync}/records?model=sales_invoice&system=KASHFLOW`,
      }),
    ]);
    // The refused one alone: Sage 100's words, and its record.
    await db.syncRecord.update({ where: { id: dead.id }, data: { status: "SYNCED" } });
    expect((await c.health()).problems).toEqual([
      expect.objectContaining({
        sentence: "Sage 100 refused sales invoice 1043: Customer ACME is on credit hold.",
        href: `${c.paths.sync}/records/${refused.id}`,
      }),
    ]);
    // A payment is named by what it pays, not by its ledger key.
    const payment = await ledgerRecord(c.company.id, {
      model: "payment",
      externalId: "invoice:39:39",
      status: "HELD",
      errorMessage: "Invoice K000039 is not open for customer 00-GRA01 in Sage 100.",
      retryClass: "NEEDS_USER",
      payload: {
        id: "39",
        direction: "received",
        allocations: [
          { documentType: "sales_invoice", documentNumber: "39", amount: { amountMinor: 100, currency: "GBP" } },
        ],
      },
    });
    await db.syncRecord.update({ where: { id: payment.id }, data: { heldBy: "TARGET" } });
    expect((await c.health()).problems.find((p) => p.subject === "payments.kashflow_to_sage100")).toMatchObject({
      kind: "failed_postings",
      sentence:
        "Sage 100 refused payment on sales invoice 39: Invoice K000039 is not open for customer 00-GRA01 in Sage 100.",
      href: `${c.paths.sync}/records/${payment.id}`,
    });
  });

  it("held records are one warning per flow, and the flow says what needs attention instead of OK", async () => {
    const c = await liveCompany();
    await db.syncState.create({
      data: { companyId: c.company.id, flow: SALES, runStartedAt: minutesBefore(3), runFinishedAt: minutesBefore(2) },
    });
    for (const n of ["1", "2", "3"])
      await ledgerRecord(c.company.id, {
        model: "sales_invoice",
        externalId: n,
        payload: invoice(n),
        status: "HELD",
        errorCode: "MAPPING_MISSING",
        errorField: "mapping:nominal_to_gl:7600",
      });
    await ledgerRecord(c.company.id, {
      model: "sales_invoice",
      externalId: "4",
      payload: invoice("4"),
      status: "FAILED",
      retryClass: "TRANSIENT",
      nextAttemptAt: NOW,
    });
    await ledgerRecord(c.company.id, {
      model: "customer",
      externalId: "C1",
      status: "HELD",
      errorCode: "MATCH_REVIEW",
    });
    const h = await c.health();
    expect(h.level).toBe("attention");
    expect(h.summary).toBe("Needs attention: 2 problems");
    expect(h.counts).toEqual({ pending: 0, waiting: 0, held: 4, failed: 1, dead: 0 });
    expect(h.problems).toEqual([
      {
        kind: "held_records",
        subject: "customers.kashflow_to_sage100",
        severity: "warning",
        sentence: "1 customer is held for a person.",
        href: `${c.paths.sync}/records?model=customer&system=KASHFLOW&status=HELD`,
        count: 1,
      },
      {
        kind: "held_records",
        subject: SALES,
        severity: "warning",
        sentence: "3 sales invoices are held for a person.",
        href: `${c.paths.sync}/records?model=sales_invoice&system=KASHFLOW&status=HELD`,
        count: 3,
      },
    ]);
    expect(h.flows.find((f) => f.flowId === SALES)).toEqual({
      flowId: SALES,
      state: "attention",
      label: "Needs attention: 3 held, 1 failed",
      held: 3,
      failed: 1,
      dead: 0,
    });
  });

  it("documents held by a closed Sage 100 period link the setting that re-dates them", async () => {
    const c = await liveCompany();
    await ledgerRecord(c.company.id, {
      model: "purchase_invoice",
      externalId: "P1",
      status: "HELD",
      errorCode: "PERIOD_CLOSED",
      errorField: "issueDate",
    });
    await ledgerRecord(c.company.id, {
      model: "purchase_invoice",
      externalId: "P2",
      status: "HELD",
      errorCode: "PERIOD_CLOSED",
      errorField: "issueDate",
    });
    expect((await c.health()).problems).toEqual([
      {
        kind: "period_closed",
        subject: "purchases.kashflow_to_sage100",
        severity: "warning",
        sentence: "2 purchase invoices are held because their Sage 100 period is closed.",
        href: redateClosedHref(c.paths),
        count: 2,
      },
    ]);
    // The same link the records screen offers for such a hold.
    expect(redateClosedHref(c.paths)).toBe(holdFixHref(c.paths.sync, "PERIOD_CLOSED", "issueDate")!.href);
  });

  it("a flow failing on consecutive runs is critical; one failed run is not yet", async () => {
    const c = await liveCompany();
    const state = await db.syncState.create({
      data: {
        companyId: c.company.id,
        flow: SALES,
        status: "FAILED",
        lastError: "The Sage 100 agent did not answer.",
        consecutiveFailures: 1,
        runFinishedAt: minutesBefore(1),
      },
    });
    const once = await c.health();
    expect(once.problems).toEqual([]);
    expect(once.flows.find((f) => f.flowId === SALES)).toMatchObject({
      state: "failing",
      label: "Failing: The Sage 100 agent did not answer.",
    });
    await db.syncState.update({ where: { id: state.id }, data: { consecutiveFailures: 2 } });
    expect((await c.health()).problems).toEqual([
      {
        kind: "flow_failing",
        subject: SALES,
        severity: "critical",
        sentence: "Sales invoices: KashFlow → Sage 100 failed 2 runs in a row: The Sage 100 agent did not answer.",
        href: `${c.paths.sync}#flow-${SALES}`,
        count: 2,
      },
    ]);
    // Its next run going: still failing (the alert does not flap); paused by a person: no longer a problem.
    await db.syncState.update({ where: { id: state.id }, data: { status: "RUNNING", lastError: null } });
    expect((await c.health()).problems.map((p) => p.kind)).toEqual(["flow_failing"]);
    await db.syncState.update({ where: { id: state.id }, data: { paused: true } });
    expect((await c.health()).problems).toEqual([]);
  });

  it("a day that does not tie out in the last five weeks is a warning linking the day", async () => {
    const c = await liveCompany();
    const variance = {
      kashflowId: "1",
      kashflowMinor: 100,
      sage100Minor: 90,
      varianceMinor: 10,
      reason: "The amounts differ.",
    };
    await db.tieOutDay.create({
      data: {
        companyId: c.company.id,
        day: new Date("2026-12-01T00:00:00Z"),
        kind: "sales_invoices",
        currency: "USD",
        kashflowMinor: 100n,
        sage100Minor: 90n,
        varianceMinor: 10n,
        documents: 3,
        variances: [variance, { ...variance, kashflowId: "2" }],
      },
    });
    await db.tieOutDay.create({
      data: {
        companyId: c.company.id,
        day: new Date("2026-12-01T00:00:00Z"),
        kind: "payments",
        currency: "USD",
        kashflowMinor: 100n,
        sage100Minor: 90n,
        varianceMinor: 10n,
        documents: 1,
        variances: [variance],
      },
    });
    // Ties out, and a variance from before the window: neither counts.
    await db.tieOutDay.create({
      data: {
        companyId: c.company.id,
        day: new Date("2026-12-02T00:00:00Z"),
        kind: "sales_invoices",
        currency: "USD",
        kashflowMinor: 100n,
        sage100Minor: 100n,
        varianceMinor: 0n,
        documents: 1,
      },
    });
    await db.tieOutDay.create({
      data: {
        companyId: c.company.id,
        day: new Date("2026-10-01T00:00:00Z"),
        kind: "sales_invoices",
        currency: "USD",
        kashflowMinor: 100n,
        sage100Minor: 90n,
        varianceMinor: 10n,
        documents: 1,
        variances: [variance],
      },
    });
    expect((await c.health()).problems).toEqual([
      {
        kind: "tie_out_variance",
        subject: "2026-12-01",
        severity: "warning",
        sentence: "3 documents dated 1 Dec 2026 do not tie out between KashFlow and Sage 100.",
        href: `${c.paths.sync}/tie-out/2026-12-01`,
        count: 3,
      },
    ]);
  });

  it("a missing FX rate, for the tie-out or for held documents, is one warning per rate and day linking the FX form", async () => {
    const c = await liveCompany();
    await db.tieOutDay.create({
      data: {
        companyId: c.company.id,
        day: new Date("2026-12-05T00:00:00Z"),
        kind: "sales_invoices",
        currency: "USD",
        kashflowMinor: 0n,
        sage100Minor: 1000n,
        varianceMinor: 0n,
        documents: 1,
        missingRates: [{ from: "GBP", to: "USD", day: "2026-12-05", documents: 1 }],
      },
    });
    await ledgerRecord(c.company.id, {
      model: "sales_invoice",
      externalId: "77",
      payload: invoice("77"),
      status: "HELD",
      errorCode: "FX_MISSING",
      errorField: "fx:GBP:USD:2026-12-05",
    });
    await ledgerRecord(c.company.id, {
      model: "payment",
      externalId: "PAY-1",
      status: "HELD",
      errorCode: "FX_MISSING",
      errorField: "fx:EUR:USD:2026-12-03",
    });
    const h = await c.health();
    expect(h.problems).toEqual([
      {
        kind: "fx_missing",
        subject: "EUR-USD:2026-12-03",
        severity: "warning",
        sentence: "No EUR→USD rate for 3 Dec 2026.",
        href: fxRateHref(c.paths, "EUR", "USD", "2026-12-03"),
        count: 1,
      },
      {
        kind: "fx_missing",
        subject: "GBP-USD:2026-12-05",
        severity: "warning",
        sentence: "No GBP→USD rate for 5 Dec 2026.",
        href: fxRateHref(c.paths, "GBP", "USD", "2026-12-05"),
        count: 2,
      },
    ]);
    // The form the records screen opens for such a hold.
    expect(fxRateHref(c.paths, "GBP", "USD", "2026-12-05")).toBe(fxFormHref(c.paths.sync, "GBP", "USD", "2026-12-05"));
    // A missing rate is not a held-for-a-person problem as well.
    expect(h.problems.some((p) => p.kind === "held_records")).toBe(false);
  });

  it("a company in set-up lists only what it still lacks, never an alertable problem", async () => {
    const t = await syncTenant();
    await ledgerRecord(t.company.id, { model: "sales_invoice", externalId: "9", status: "DEAD" });
    const h = await companyHealth(t.scope, { now: NOW });
    expect(h).toMatchObject({
      level: "setting_up",
      summary: "Setting up: 2 steps left",
      lifecycle: "SETTING_UP",
      agentOnline: null,
    });
    expect(h.problems.map((p) => [p.kind, p.subject, p.severity, p.sentence])).toEqual([
      ["setup", "kashflow", "info", "KashFlow is not connected yet."],
      ["setup", "agent", "info", "No Sage 100 agent is paired yet."],
    ]);
  });

  it("a paused company says why, and still lists its problems", async () => {
    const c = await liveCompany();
    await db.company.update({
      where: { id: c.company.id },
      data: { status: "PAUSED", pauseReason: "PERIOD_END", pausedAt: NOW },
    });
    await ledgerRecord(c.company.id, {
      model: "sales_invoice",
      externalId: "5",
      payload: invoice("5"),
      status: "DEAD",
    });
    const h = await c.health();
    expect(h).toMatchObject({
      level: "paused",
      lifecycle: "PAUSED",
      pauseReason: "PERIOD_END",
      summary: "Paused for period-end (the Sage 100 agent is paused) · 1 problem",
    });
    expect(h.problems.map((p) => p.kind)).toEqual(["failed_postings"]);
  });

  it("answers for many companies at once, each with its own problems; another organization's company is not found", async () => {
    const companies = await Promise.all(Array.from({ length: 12 }, () => liveCompany()));
    for (const [i, c] of companies.entries()) {
      for (let n = 0; n < i; n++)
        await ledgerRecord(c.company.id, { model: "customer", status: "HELD", errorCode: "MAPPING_MISSING" });
    }
    const all = await healthOfCompanies(
      companies.map((c) => c.company.id),
      { now: NOW },
    );
    expect(companies.map((c) => all.get(c.company.id)!.counts.held)).toEqual(companies.map((_, i) => i));
    expect(companies.map((c) => all.get(c.company.id)!.level)).toEqual(
      companies.map((_, i) => (i === 0 ? "ok" : "attention")),
    );

    const [a, b] = companies;
    await expect(companyHealth({ orgId: b!.org.id, companyId: a!.company.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await trpcCodeOf(callerFor(b!.owner).health.company({ companyId: a!.company.id }))).toBe("NOT_FOUND");
    expect((await callerFor(a!.viewer).health.company({ companyId: a!.company.id })).companyId).toBe(a!.company.id);
    expect((await callerFor(a!.viewer).health.listCompanies({ orgId: a!.org.id })).map((h) => h.companyId)).toEqual([
      a!.company.id,
    ]);
  });

  it("reads a fixed number of queries whatever the number of companies (the digest asks for a thousand)", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    await db.company.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        orgId: org.id,
        name: `Scale ${i}`,
        baseCurrency: "GBP",
        timezone: "Europe/London",
        status: "LIVE" as const,
      })),
    });
    const ids = (await db.company.findMany({ where: { orgId: org.id }, select: { id: true } })).map((c) => c.id);
    await db.syncRecord.createMany({
      data: ids.flatMap((companyId) =>
        (["HELD", "DEAD", "FAILED"] as const).map((status) => ({
          companyId,
          system: "KASHFLOW" as const,
          model: "sales_invoice",
          externalId: status,
          contentHash: status,
          payload: {},
          status,
          lastSeenAt: NOW,
        })),
      ),
    });
    const queriesFor = async (companyIds: string[]) => {
      const query = pg.Client.prototype.query;
      let n = 0;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        n++;
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        const health = await healthOfCompanies(companyIds, { now: NOW });
        expect(health.size).toBe(companyIds.length);
        expect(
          [...health.values()].every((h) => h.counts.held === 1 && h.counts.dead === 1 && h.counts.failed === 1),
        ).toBe(true);
      } finally {
        pg.Client.prototype.query = query;
      }
      return n;
    };
    const few = await queriesFor(ids.slice(0, 2));
    expect(await queriesFor(ids)).toBe(few);
    expect(few).toBeLessThanOrEqual(10);
  });
});
