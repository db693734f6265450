// Alert test data: an organization with one member of each role and a company, and Alert rows made directly (the
// health model's reconcile is what opens them in the product).
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { addMember, createCompany, createOrg, createUser } from "./factories";

export async function createAlertOrg(label = "alerts", o: { timezone?: string } = {}) {
  const owner = await createUser(`${label}-owner`);
  const org = await createOrg(owner, `${label} org`);
  const admin = (await addMember(org, "ADMIN", `${label}-admin`)).user;
  const accountant = (await addMember(org, "ACCOUNTANT", `${label}-accountant`)).user;
  const viewer = (await addMember(org, "VIEWER", `${label}-viewer`)).user;
  const company = await createCompany(org, `${label} company ${randomUUID().slice(0, 4)}`);
  if (o.timezone) await db.company.update({ where: { id: company.id }, data: { timezone: o.timezone } });
  return { org, owner, admin, accountant, viewer, company: { ...company, timezone: o.timezone ?? company.timezone } };
}

export async function createAlert(
  company: { id: string; orgId: string },
  o: {
    kind?: string;
    subject?: string;
    title?: string;
    href?: string;
    count?: number;
    severity?: string;
    firstSeenAt?: Date;
    resolvedAt?: Date | null;
    deliveredAt?: Date | null;
    emailedAt?: Date | null;
  } = {},
) {
  const kind = o.kind ?? "failed_postings";
  const subject = o.subject ?? randomUUID().slice(0, 8);
  const firstSeenAt = o.firstSeenAt ?? new Date();
  return db.alert.create({
    data: {
      orgId: company.orgId,
      companyId: company.id,
      kind,
      subject,
      severity: o.severity ?? "critical",
      title: o.title ?? `${o.count ?? 1} sales invoices failed to post`,
      href: o.href ?? `/o/x/companies/${company.id}/sync/records?status=DEAD`,
      count: o.count ?? 1,
      openKey: o.resolvedAt ? null : `${company.id}|${kind}|${subject}`,
      firstSeenAt,
      lastSeenAt: firstSeenAt,
      resolvedAt: o.resolvedAt ?? null,
      deliveredAt: o.deliveredAt ?? null,
      emailedAt: o.emailedAt ?? null,
    },
  });
}

export async function emailsTo(user: { email: string }, kind?: string) {
  return db.emailMessage.findMany({
    where: { to: user.email, ...(kind ? { kind } : {}) },
    orderBy: { createdAt: "asc" },
  });
}
