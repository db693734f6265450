// Test data: every test makes its own users and tenants, so tests never share rows.
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import { createCaller } from "@/server/api/root";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

export async function createUser(label = "user") {
  return db.user.create({ data: { email: uniqueEmail(label), name: label } });
}

export async function createOrg(owner: { id: string }, name = `Org ${randomUUID().slice(0, 6)}`) {
  return db.organization.create({
    data: {
      name,
      slug: `org-${randomUUID().slice(0, 12)}`,
      memberships: { create: { userId: owner.id, role: "OWNER" } },
    },
  });
}

export async function addMember(org: { id: string }, role: Role, label: string = role.toLowerCase()) {
  const user = await createUser(label);
  const membership = await db.membership.create({ data: { orgId: org.id, userId: user.id, role } });
  return { user, membership };
}

export async function createCompany(org: { id: string }, name = `Company ${randomUUID().slice(0, 6)}`) {
  return db.company.create({ data: { orgId: org.id, name, baseCurrency: "GBP", timezone: "Europe/London" } });
}

/** A tRPC caller acting as the given user (or signed out). */
export function callerFor(user: { id: string } | null) {
  return createCaller({ userId: user?.id ?? null });
}

/** A complete tenant: owner, admin, accountant, viewer, a company and a pending invitation. */
export async function createTenant(label: string) {
  const owner = await createUser(`${label}-owner`);
  const org = await createOrg(owner, `${label} org`);
  const ownerMembership = await db.membership.findUniqueOrThrow({
    where: { orgId_userId: { orgId: org.id, userId: owner.id } },
  });
  const admin = await addMember(org, "ADMIN", `${label}-admin`);
  const accountant = await addMember(org, "ACCOUNTANT", `${label}-accountant`);
  const viewer = await addMember(org, "VIEWER", `${label}-viewer`);
  const company = await createCompany(org, `${label} company`);
  const invitation = await db.invitation.create({
    data: {
      orgId: org.id,
      email: uniqueEmail(`${label}-invitee`),
      role: "VIEWER",
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const sync = await createSyncRows(company, label);
  const lookups = await createLookupRows(company);
  return { org, owner, ownerMembership, admin, accountant, viewer, company, invitation, ...sync, ...lookups };
}

/** A failed ledger record with one attempt, and an open first-connect match review: the rows sync ids point at. */
export async function createSyncRows(company: { id: string }, label = "sync") {
  const now = new Date();
  const syncRecord = await db.syncRecord.create({
    data: {
      companyId: company.id,
      system: "KASHFLOW",
      model: "customer",
      externalId: `CUST-${randomUUID().slice(0, 8)}`,
      contentHash: randomUUID(),
      payload: { code: "CUST", name: `${label} customer` },
      status: "FAILED",
      attempts: 1,
      errorCode: "UPSTREAM",
      errorMessage: "Sage 100 timed out.",
      retryClass: "TRANSIENT",
      nextAttemptAt: new Date(now.getTime() + 3_600_000),
      lastSeenAt: now,
    },
  });
  const syncAttempt = await db.syncAttempt.create({
    data: {
      companyId: company.id,
      recordId: syncRecord.id,
      flow: "customers.kashflow_to_sage100",
      outcome: "FAILED",
      request: { name: `${label} customer` },
      errorMessage: "Sage 100 timed out.",
      retryClass: "TRANSIENT",
      startedAt: now,
    },
  });
  const matchReview = await db.matchReview.create({
    data: {
      companyId: company.id,
      model: "customer",
      kashflowId: `MATCH-${randomUUID().slice(0, 8)}`,
      candidates: [{ sage100Key: "00-CAND001", name: `${label} candidate`, reason: "same name" }],
    },
  });
  return { syncRecord, syncAttempt, matchReview };
}

/** A mapping entry, an exchange rate and a tie-out day with a variance: the rows mapping, FX and tie-out ids point at. */
export async function createLookupRows(company: { id: string }) {
  const mappingEntry = await db.mappingEntry.create({
    data: { companyId: company.id, kind: "nominal_to_gl", sourceKey: "4000", targetValue: "4000-00" },
  });
  const fxRate = await db.fxRate.create({
    data: {
      companyId: company.id,
      fromCurrency: "GBP",
      toCurrency: "USD",
      day: new Date("2026-11-20T00:00:00Z"),
      rate: "1.2712",
      source: "manual",
    },
  });
  const tieOutDay = await db.tieOutDay.create({
    data: {
      companyId: company.id,
      day: new Date("2026-11-20T00:00:00Z"),
      kind: "sales_invoices",
      currency: "USD",
      kashflowMinor: 12712n,
      sage100Minor: 12000n,
      varianceMinor: 712n,
      documents: 1,
      variances: [
        {
          recordId: null,
          kashflowId: "1",
          number: "1",
          party: null,
          documentCurrency: "GBP",
          documentMinor: 10000,
          rate: "1.2712",
          rateSource: "fx_table",
          kashflowMinor: 12712,
          sage100RecordId: null,
          sage100Key: "K000001",
          sage100Minor: 12000,
          varianceMinor: 712,
          source: "ledger",
          status: "SYNCED",
          reason: "The amounts differ.",
        },
      ],
    },
  });
  return { mappingEntry, fxRate, tieOutDay };
}

export type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** The TRPCError a call fails with (the test fails when the call succeeds or fails some other way). */
export async function trpcErrorOf(promise: Promise<unknown>): Promise<import("@trpc/server").TRPCError> {
  const { TRPCError } = await import("@trpc/server");
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** The tRPC error code a call ends with, or "OK". */
export async function trpcCodeOf(promise: Promise<unknown>): Promise<string> {
  const { TRPCError } = await import("@trpc/server");
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}
