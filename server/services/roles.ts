// What each role may do. Roles are checked once, in the tRPC middleware; services filter every query by tenant.
import type { Role } from "@/server/generated/prisma/enums";

export const PERMISSIONS = {
  "org.read": ["OWNER", "ADMIN", "ACCOUNTANT", "VIEWER"],
  "org.update": ["OWNER", "ADMIN"],
  "team.manage": ["OWNER", "ADMIN"],
  /** Checkout, the Customer Portal, adding a paid pair: spending the organization's money. */
  "billing.manage": ["OWNER"],
  /** The plan, its status and invoices (never a card: Stripe's Portal shows that, to owners). */
  "billing.read": ["OWNER", "ADMIN"],
  "company.read": ["OWNER", "ADMIN", "ACCOUNTANT", "VIEWER"],
  "company.write": ["OWNER", "ADMIN", "ACCOUNTANT"],
  /** Start syncing: the act that lets Ledgerlink write to both systems. */
  "company.golive": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const ROLES: readonly Role[] = ["OWNER", "ADMIN", "ACCOUNTANT", "VIEWER"];

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  ACCOUNTANT: "Accountant",
  VIEWER: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: "Everything, including billing and granting and removing ownership.",
  ADMIN: "Everything but ownership and paying: team and every company; sees the plan.",
  ACCOUNTANT: "Works in every company: connections, mappings, syncs. No team or billing.",
  VIEWER: "Sees everything, changes nothing.",
};

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
