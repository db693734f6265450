import { slugify } from "@/lib/slug";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { trialEndsFrom } from "@/server/services/billing/entitlements";

export type CreateOrganizationInput = { userId: string; name: string };

/** Creates an organization with the caller as its first OWNER. */
export async function createOrganization({ userId, name }: CreateOrganizationInput) {
  return transaction(async (tx) => {
    const base = slugify(name);
    const taken = await tx.organization.findMany({
      where: { slug: { startsWith: base } },
      select: { slug: true },
    });
    const used = new Set(taken.map((o) => o.slug));
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    const org = await tx.organization.create({
      data: { name, slug, memberships: { create: { userId, role: "OWNER" } } },
      select: { id: true, name: true, slug: true, createdAt: true },
    });
    // Every new organization starts its free trial (no card) the day it is created.
    await tx.billingAccount.create({
      data: { orgId: org.id, trialEndsAt: trialEndsFrom(org.createdAt), appliedState: "trial" },
    });
    await recordAudit(tx, {
      orgId: org.id,
      actorUserId: userId,
      action: "org.created",
      targetType: "Organization",
      targetId: org.id,
      details: { name },
    });
    return { id: org.id, name: org.name, slug: org.slug };
  });
}
