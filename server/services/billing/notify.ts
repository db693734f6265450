// Billing emails go to every owner of the organization (only owners can fix billing), each linking the billing page.
import { db } from "@/server/db";
import { sendEmail, type EmailContent } from "@/server/email/mailer";
import { absoluteUrl } from "@/server/services/alerts/links";

export function billingPath(orgSlug: string): string {
  return `/o/${orgSlug}/billing`;
}

export function billingUrl(orgSlug: string): string {
  return absoluteUrl(billingPath(orgSlug));
}

export async function ownersOf(orgId: string): Promise<{ email: string; name: string | null }[]> {
  const rows = await db.membership.findMany({
    where: { orgId, role: "OWNER" },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { email: true, name: true } } },
  });
  return rows.map((r) => r.user);
}

export type BillingEmailKind =
  | "billing.trial-ending"
  | "billing.payment-failed"
  | "billing.sync-paused"
  | "billing.sync-resumed";

/** Sends one email to each owner; a failure to send is kept in the outbox (the mailer records it), never thrown. */
export async function emailOwners(
  org: { id: string; name: string; slug: string },
  kind: BillingEmailKind,
  content: (o: { orgName: string; billingUrl: string }) => EmailContent,
): Promise<number> {
  const body = content({ orgName: org.name, billingUrl: billingUrl(org.slug) });
  let sent = 0;
  for (const owner of await ownersOf(org.id)) {
    try {
      await sendEmail({ ...body, to: owner.email, kind, orgId: org.id });
      sent++;
    } catch (error) {
      console.error(`[billing] ${kind} email to an owner of ${org.id} failed:`, error);
    }
  }
  return sent;
}
