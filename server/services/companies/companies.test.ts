import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { addMember, callerFor, createOrg, createUser, trpcErrorOf } from "@/tests/factories";

describe("companies", () => {
  it("creates a company in SETTING_UP with normalised currency, audits it, and lists it", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const as = callerFor(owner);
    const company = await as.company.create({
      orgId: org.id,
      name: "  Acme UK ",
      baseCurrency: "gbp",
      timezone: "Europe/London",
    });
    expect(company).toMatchObject({
      name: "Acme UK",
      baseCurrency: "GBP",
      timezone: "Europe/London",
      status: "SETTING_UP",
    });
    expect((await as.company.list({ orgId: org.id })).map((c) => c.name)).toEqual(["Acme UK"]);
    expect(
      await db.auditLog.count({ where: { companyId: company.id, action: "company.created", actorUserId: owner.id } }),
    ).toBe(1);
  });

  it("rejects an unknown currency and time zone with field errors, writing nothing", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const error = await trpcErrorOf(
      callerFor(owner).company.create({ orgId: org.id, name: "Bad", baseCurrency: "XYZW", timezone: "Mars/Base" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const issues = (error.cause as { issues?: { path: string[] }[] }).issues ?? [];
    expect(issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["baseCurrency", "timezone"]));
    expect(await db.company.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("refuses a second company with the same name (any case) in one organization, but allows it in another", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const other = await createOrg(owner);
    const as = callerFor(owner);
    await as.company.create({ orgId: org.id, name: "Acme", baseCurrency: "GBP", timezone: "UTC" });
    const clash = await trpcErrorOf(
      as.company.create({ orgId: org.id, name: "ACME", baseCurrency: "GBP", timezone: "UTC" }),
    );
    expect(clash.code).toBe("CONFLICT");
    await as.company.create({ orgId: other.id, name: "Acme", baseCurrency: "GBP", timezone: "UTC" });
    expect(
      await db.company.count({
        where: { name: { equals: "acme", mode: "insensitive" }, orgId: { in: [org.id, other.id] } },
      }),
    ).toBe(2);
  });

  it("lets an accountant work in companies, and a viewer only look", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const { user: accountant } = await addMember(org, "ACCOUNTANT");
    const { user: viewer } = await addMember(org, "VIEWER");
    const company = await callerFor(accountant).company.create({
      orgId: org.id,
      name: "Client Co",
      baseCurrency: "USD",
      timezone: "America/New_York",
    });
    await db.company.update({ where: { id: company.id }, data: { status: "LIVE", wentLiveAt: new Date() } });
    await callerFor(accountant).company.pause({ companyId: company.id });
    expect(await callerFor(viewer).company.get({ companyId: company.id })).toMatchObject({
      status: "PAUSED",
      pauseReason: "PERSON",
    });
    expect((await trpcErrorOf(callerFor(viewer).company.resume({ companyId: company.id }))).code).toBe("FORBIDDEN");
    expect((await trpcErrorOf(callerFor(viewer).company.update({ companyId: company.id, name: "Renamed" }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await trpcErrorOf(callerFor(accountant).team.invite({ orgId: org.id, email: "x@example.test", role: "VIEWER" })))
        .code,
    ).toBe("FORBIDDEN");
  });
});

describe("organizations", () => {
  it("gives each new organization a unique slug and makes its creator the owner", async () => {
    const a = await createUser();
    const b = await createUser();
    const name = `Same Name ${Date.now()}`;
    const first = await callerFor(a).org.create({ name });
    const second = await callerFor(b).org.create({ name });
    expect(second.slug).not.toBe(first.slug);
    expect(second.slug.startsWith(first.slug)).toBe(true);
    expect(await callerFor(b).org.listMine()).toEqual([
      expect.objectContaining({ id: second.id, role: "OWNER", companyCount: 0 }),
    ]);
  });

  it("finds an organization by slug only for its members", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    expect((await callerFor(owner).org.bySlug({ slug: org.slug })).role).toBe("OWNER");
    expect((await trpcErrorOf(callerFor(await createUser()).org.bySlug({ slug: org.slug }))).code).toBe("NOT_FOUND");
  });
});

describe("company lifecycle", () => {
  async function liveCompanyWithAgent() {
    const owner = await createUser();
    const org = await createOrg(owner);
    const company = await callerFor(owner).company.create({
      orgId: org.id,
      name: "Lifecycle Co",
      baseCurrency: "GBP",
      timezone: "Europe/London",
    });
    await db.company.update({ where: { id: company.id }, data: { status: "LIVE", wentLiveAt: new Date() } });
    await db.sage100Agent.create({
      data: {
        companyId: company.id,
        activeCompanyId: company.id,
        tokenHash: `lc-${company.id}`,
        hostname: "h",
        version: "1",
        driver: "simulator",
      },
    });
    return { owner, org, company, as: callerFor(owner) };
  }
  const statusOf = async (id: string) =>
    db.company.findUniqueOrThrow({ where: { id }, select: { status: true, pauseReason: true } });

  it("period-end on the agent pauses the company with that reason, and resuming the agent undoes only that pause", async () => {
    const { company, as } = await liveCompanyWithAgent();
    await as.sage100.setAgentPaused({ companyId: company.id, paused: true });
    expect(await statusOf(company.id)).toEqual({ status: "PAUSED", pauseReason: "PERIOD_END" });
    await as.sage100.setAgentPaused({ companyId: company.id, paused: false });
    expect(await statusOf(company.id)).toEqual({ status: "LIVE", pauseReason: null });
    // A person's pause is theirs: the agent resuming after period-end leaves it paused.
    await as.company.pause({ companyId: company.id });
    await as.sage100.setAgentPaused({ companyId: company.id, paused: true });
    await as.sage100.setAgentPaused({ companyId: company.id, paused: false });
    expect(await statusOf(company.id)).toEqual({ status: "PAUSED", pauseReason: "PERSON" });
    const audits = await db.auditLog.findMany({
      where: { companyId: company.id, action: { in: ["company.paused", "company.resumed"] } },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(audits.map((a) => a.action)).toEqual(["company.paused", "company.resumed", "company.paused"]);
  });

  it("revoking the agent pauses a live company; a company paused by billing is not resumed by a person; set-up cannot be paused", async () => {
    const { org, company, as } = await liveCompanyWithAgent();
    await as.sage100.revokeAgent({ companyId: company.id });
    expect(await statusOf(company.id)).toEqual({ status: "PAUSED", pauseReason: "AGENT_REVOKED" });
    await as.company.resume({ companyId: company.id });
    expect(await statusOf(company.id)).toEqual({ status: "LIVE", pauseReason: null });
    await db.company.update({ where: { id: company.id }, data: { status: "PAUSED", pauseReason: "BILLING" } });
    expect((await trpcErrorOf(as.company.resume({ companyId: company.id }))).code).toBe("PRECONDITION_FAILED");
    const fresh = await as.company.create({
      orgId: org.id,
      name: "Still setting up",
      baseCurrency: "GBP",
      timezone: "UTC",
    });
    expect((await trpcErrorOf(as.company.pause({ companyId: fresh.id }))).code).toBe("PRECONDITION_FAILED");
  });
});
