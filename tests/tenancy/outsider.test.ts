// Every tRPC procedure, enumerated from the router, refuses people outside a tenant and roles below its permission,
// and leaves the tenant's rows untouched. A new procedure is covered the day it is added.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { db } from "@/server/db";
import type { Meta } from "@/server/api/trpc";
import type { Role } from "@/server/generated/prisma/enums";
import { can } from "@/server/services/roles";
import { callerFor, createTenant, type Tenant } from "../factories";
import { sampleInput, secondaryIdFields } from "./sample-input";
import { snapshotTenant } from "./tenant-snapshot";

type ProcedureDef = { _def: { type: string; meta?: Meta; inputs: unknown[] } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).map(
  ([path, proc]) => ({
    path,
    type: proc._def.type,
    meta: proc._def.meta,
    inputs: proc._def.inputs,
  }),
);

let victim: Tenant;
let attacker: Tenant;
let victimAlertId = "";

function victimIds(t: Tenant): Record<string, string> {
  return {
    orgId: t.org.id,
    companyId: t.company.id,
    membershipId: t.ownerMembership.id,
    invitationId: t.invitation.id,
    slug: t.org.slug,
    recordId: t.syncRecord.id,
    reviewId: t.matchReview.id,
    mappingId: t.mappingEntry.id,
    fxRateId: t.fxRate.id,
    alertId: victimAlertId,
    // The victim's tie-out day (not an id: the company decides whose day it is).
    day: t.tieOutDay.day.toISOString().slice(0, 10),
    // Not an id: a value that would settle the victim's match review if a tenancy check let the call through.
    resolution: "CREATE",
  };
}

function victimUsers(t: Tenant): string[] {
  return [t.owner.id, t.admin.user.id, t.accountant.user.id, t.viewer.user.id];
}

async function call(
  user: { id: string } | null,
  path: string,
  input: unknown,
): Promise<{ ok: true; data: unknown } | { ok: false; code: string }> {
  const caller = callerFor(user) as unknown as Record<string, unknown>;
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    i: unknown,
  ) => Promise<unknown>;
  try {
    return { ok: true, data: await fn(input) };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, code: error.code };
    throw error;
  }
}

/** Runs `act` and proves no row of the victim tenant changed. */
async function unchanged(act: () => Promise<void>) {
  const before = await snapshotTenant(victim.org.id, victimUsers(victim));
  await act();
  expect(await snapshotTenant(victim.org.id, victimUsers(victim))).toEqual(before);
}

beforeAll(async () => {
  victim = await createTenant("victim");
  attacker = await createTenant("attacker");
  // An open alert of the victim's (already delivered, so no alerts tick elsewhere touches it during a snapshot).
  victimAlertId = (
    await db.alert.create({
      data: {
        orgId: victim.org.id,
        companyId: victim.company.id,
        kind: "failed_postings",
        subject: "probe",
        severity: "critical",
        title: "1 sales invoice failed to post",
        href: "/",
        openKey: `${victim.company.id}|failed_postings|probe`,
        deliveredAt: new Date(),
      },
    })
  ).id;
  // A copy of the victim's Sage 100 lists, so a refresh that leaked across tenants would show in the snapshot.
  await db.sage100ReferenceList.create({
    data: {
      companyId: victim.company.id,
      list: "taxClasses",
      rows: [{ taxClass: "TX", description: "Taxable" }],
      rowCount: 1,
      fetchedAt: new Date("2026-11-20T09:00:00Z"),
    },
  });
});

afterAll(() => {
  console.log(
    `tenant isolation: enumerated ${procedures.length} tRPC procedures: ${procedures.map((p) => p.path).join(", ")}`,
  );
});

describe("the router", () => {
  it("has procedures, each declaring its scope, and tenant-scoped ones their permission", () => {
    expect(procedures.length).toBeGreaterThan(10);
    for (const p of procedures) {
      expect(p.meta?.scope, p.path).toMatch(/^(public|user|org|company)$/);
      if (p.meta?.scope === "org" || p.meta?.scope === "company") expect(p.meta.permission, p.path).toBeTruthy();
    }
  });
});

describe.each(procedures)("$path", ({ path, meta, inputs }) => {
  const scope = meta?.scope;
  const input = () => sampleInput(inputs, victimIds(victim));

  if (scope !== "public") {
    it("refuses a signed-out caller", async () => {
      await unchanged(async () => {
        expect(await call(null, path, input())).toEqual({ ok: false, code: "UNAUTHORIZED" });
      });
    });
  }

  it("refuses a member of another organization, or shows them nothing of the victim's", async () => {
    await unchanged(async () => {
      const result = await call(attacker.owner, path, input());
      if (scope === "org" || scope === "company" || secondaryIdFields(input()).length > 0) {
        expect(result).toEqual({ ok: false, code: "NOT_FOUND" });
      } else if (result.ok) {
        const leaked = JSON.stringify(result.data);
        for (const secret of [
          victim.org.id,
          victim.org.name,
          victim.company.id,
          victim.company.name,
          victim.owner.email,
        ]) {
          expect(leaked).not.toContain(secret);
        }
      }
    });
  });

  if (scope === "org" || scope === "company") {
    it("refuses ids of another organization inside the caller's own", async () => {
      const probe = sampleInput(inputs, { ...victimIds(victim), orgId: attacker.org.id });
      await unchanged(async () => {
        const result = await call(attacker.owner, path, probe);
        // With no foreign id to tamper with, the call acts in the caller's own org; the victim's rows still stay put.
        if (secondaryIdFields(probe).length > 0 || scope === "company")
          expect(result).toEqual({ ok: false, code: "NOT_FOUND" });
      });
    });
  }

  // A row id of the victim's (a record, a review) sent with the attacker's own company still finds nothing.
  const rowIdFields = secondaryIdFields(sampleInput(inputs, {})).filter((k) => k !== "companyId");
  if (scope === "company" && rowIdFields.length > 0) {
    it(`refuses the victim's ${rowIdFields.join(", ")} from inside the caller's own company`, async () => {
      const probe = sampleInput(inputs, {
        ...victimIds(victim),
        orgId: attacker.org.id,
        companyId: attacker.company.id,
      });
      await unchanged(async () => {
        expect(await call(attacker.owner, path, probe)).toEqual({ ok: false, code: "NOT_FOUND" });
      });
    });
  }

  const lowerRoles = (["ADMIN", "ACCOUNTANT", "VIEWER"] as Role[]).filter(
    (r) => meta?.permission && !can(r, meta.permission),
  );
  if (lowerRoles.length > 0)
    it.each(lowerRoles)("refuses the victim's own %s (role below the permission)", async (role) => {
      const member =
        role === "ADMIN" ? victim.admin.user : role === "ACCOUNTANT" ? victim.accountant.user : victim.viewer.user;
      await unchanged(async () => {
        expect(await call(member, path, input())).toEqual({ ok: false, code: "FORBIDDEN" });
      });
    });
});
