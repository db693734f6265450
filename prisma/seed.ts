// The local demo: a user to sign in as, an organization, a second one (accountants have several) and a company.
// Idempotent: running it again changes nothing.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../server/generated/prisma/client";

export const DEMO_EMAIL = "demo@ledgerlink.local";
export const DEMO_ORG_SLUG = "demo";

export async function seedDemo(databaseUrl: string): Promise<{ userId: string; orgId: string; companyId: string }> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const user = await db.user.upsert({
      where: { email: DEMO_EMAIL },
      update: {},
      create: { email: DEMO_EMAIL, name: "Dana Demo", emailVerified: new Date() },
    });
    const org = await db.organization.upsert({
      where: { slug: DEMO_ORG_SLUG },
      update: {},
      create: { name: "Demo Accounting", slug: DEMO_ORG_SLUG },
    });
    await db.membership.upsert({
      where: { orgId_userId: { orgId: org.id, userId: user.id } },
      update: {},
      create: { orgId: org.id, userId: user.id, role: "OWNER" },
    });
    // The demo is exempt from billing: never on a trial clock, never paused for billing.
    await db.billingAccount.upsert({
      where: { orgId: org.id },
      update: { exempt: true, appliedState: "exempt" },
      create: { orgId: org.id, exempt: true, appliedState: "exempt" },
    });
    const company = await db.company.upsert({
      where: { orgId_name: { orgId: org.id, name: "Acme Trading UK" } },
      update: {},
      create: { orgId: org.id, name: "Acme Trading UK", baseCurrency: "GBP", timezone: "Europe/London" },
    });
    const client = await db.organization.upsert({
      where: { slug: "northwind-retail" },
      update: {},
      create: { name: "Northwind Retail", slug: "northwind-retail" },
    });
    // A client organization on its 14-day trial, as a new sign-up would be.
    await db.billingAccount.upsert({
      where: { orgId: client.id },
      update: {},
      create: {
        orgId: client.id,
        trialEndsAt: new Date(client.createdAt.getTime() + 14 * 86_400_000),
        appliedState: "trial",
      },
    });
    await db.membership.upsert({
      where: { orgId_userId: { orgId: client.id, userId: user.id } },
      update: {},
      create: { orgId: client.id, userId: user.id, role: "ACCOUNTANT" },
    });
    await db.company.upsert({
      where: { orgId_name: { orgId: client.id, name: "Northwind US" } },
      update: {},
      create: { orgId: client.id, name: "Northwind US", baseCurrency: "USD", timezone: "America/New_York" },
    });
    return { userId: user.id, orgId: org.id, companyId: company.id };
  } finally {
    await db.$disconnect();
  }
}
