// The sync settings form: field ownership, addresses, poll interval, deletion grace, how long history is kept, and
// how each financial flow writes into Sage 100 (currency, closed periods, invoice mode, documents dated in the future,
// posting, payment accounts, stock, order status). Read and written through server/sync/settings.ts (its schema fills
// defaults and has the last word); the form's own schema gives messages a person can act on, per field. Paused flows
// are not part of the form (see set-flow-paused.ts).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { transaction, type Prisma } from "@/server/db";
import {
  FIELD_OWNERS,
  FX_RATE_AGE_DAYS,
  loadSyncSettings,
  parseSyncSettings,
  RETENTION_DAYS,
  syncSettingsSchema,
  type SyncSettings,
} from "@/server/sync/settings";
import { recordAudit } from "@/server/services/audit";
import { releaseConvertible } from "@/server/sync/mappings/fx";
import { nudgeReleased } from "@/server/services/fx/save-fx-rates";
import type { Role } from "@/server/generated/prisma/enums";
import { requireSyncCompany, type SyncScope } from "./company-scope";
import { forgetDocumentsReadInSetup } from "@/server/services/setup/first-carried-day";

const owner = z.enum(FIELD_OWNERS, { message: "Pick KashFlow, Sage 100 or most recent." });
const whole = (label: string, min: number, max: number) =>
  z
    .number({ message: `Enter the ${label} as a whole number.` })
    .int(`Enter the ${label} as a whole number.`)
    .min(min, `Use at least ${min}.`)
    .max(max, `Use at most ${max.toLocaleString("en-GB")}.`);

export const OWNERSHIP_GROUPS = ["names", "contact", "address", "creditTerms", "itemPricing"] as const;

const glAccount = z
  .string()
  .trim()
  .regex(/^([0-9A-Za-z-]{1,13})?$/, "Use the account as Sage 100 shows it, such as 2100-00, or leave it empty.");
const kashflowId = z
  .number({ message: "Enter KashFlow's number, or leave it empty." })
  .int("Enter KashFlow's number, or leave it empty.")
  .positive("Enter KashFlow's number, or leave it empty.")
  .nullable();

export const syncSettingsFormSchema = z.object({
  pollMinutes: whole("poll interval", 1, 24 * 60),
  deletionGraceSweeps: whole("deletion grace", 1, 20),
  ownership: z.object({ names: owner, contact: owner, address: owner, creditTerms: owner, itemPricing: owner }),
  sage100: z.object({
    division: z
      .string()
      .trim()
      .regex(/^\d{2}$/, "Use two digits, such as 00."),
    countyTo: z.enum(["address_line_3", "drop"], { message: "Pick where the county goes." }),
    foreignState: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([A-Z]{2})?$/, "Use two letters, or leave it empty."),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "Use the three-letter currency code, such as USD."),
    redateClosedPeriod: z.boolean(),
    invoiceItem: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^\/[A-Z0-9-]{1,29}$/, "Use a miscellaneous item code such as /SERVICE."),
    invoiceTaxSchedule: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{1,9}$/, "Use a tax schedule code of up to 9 letters or digits, such as NONTAX."),
    supplierPayments: z.enum(["manual_check", "skip"], { message: "Pick manual checks, or not carried." }),
  }),
  salesInvoices: z.object({
    sage100Prefix: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{0,6}$/, "Use up to 6 letters, or leave it empty."),
    mode: z.enum(["detail", "summary"], { message: "Pick one invoice per invoice, or one journal per day." }),
    startDate: z.iso.date({ message: "Use a date such as 2025-01-01, or leave it empty." }).nullable(),
  }),
  documents: z.object({
    futureDated: z.enum(["now", "on_date"], { message: "Pick at once, or on its date." }),
  }),
  purchases: z.object({
    post: z.boolean(),
    vatNominal: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, "Use KashFlow's nominal code, such as 2200."),
  }),
  payments: z.object({
    post: z.boolean(),
    depositType: z.enum(["C", "R", "A"], { message: "Pick cash/check, credit card or ACH." }),
    unappliedCashAccount: glAccount,
    fxDifferenceAccount: glAccount,
    kashflowBankAccountId: kashflowId,
    kashflowMethodId: kashflowId,
  }),
  stock: z.object({
    warehouses: z
      .array(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(
            /^[A-Z0-9]{1,3}$/,
            "Use Sage 100 warehouse codes of up to 3 letters or digits, such as 000, separated by commas.",
          ),
      )
      .max(50, "Use at most 50 warehouses."),
    quantity: z.enum(["on_hand", "available"], { message: "Pick on hand or available." }),
  }),
  orderStatus: z.object({
    matchBy: z.enum(["invoice_number", "customer_reference"], { message: "Pick how an order names its invoice." }),
    writeTo: z.enum(["auto", "note", "customer_reference"], { message: "Pick where shipping is written." }),
  }),
  /**
   * Converting documents: by default each needs its own day's rate (held without one); an owner or admin may opt
   * into the latest rate up to maxAgeDays old. Left out: kept as it is (forms saved before it existed).
   */
  fx: z
    .object({
      useLatestRate: z.boolean(),
      maxAgeDays: whole("number of days", FX_RATE_AGE_DAYS.min, FX_RATE_AGE_DAYS.max),
    })
    .optional(),
  /** Left out: kept as it is (forms saved before it existed). */
  alerts: z.object({ agentOfflineMinutes: whole("minutes before the agent counts as offline", 1, 24 * 60) }).optional(),
  /** Left out: kept as it is (forms saved before it existed). */
  retention: z.object({ days: whole("days to keep sync history", RETENTION_DAYS.min, RETENTION_DAYS.max) }).optional(),
});
export type SyncSettingsForm = z.infer<typeof syncSettingsFormSchema>;

export async function getSyncSettingsForm(scope: SyncScope): Promise<SyncSettingsForm> {
  await requireSyncCompany(scope);
  return formOf(await loadSyncSettings(scope.companyId));
}

/** Exactly the form's fields (the engine's settings may carry more). */
function formOf(s: SyncSettings): SyncSettingsForm {
  const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
  const shape = syncSettingsFormSchema.shape;
  return {
    pollMinutes: s.pollMinutes,
    deletionGraceSweeps: s.deletionGraceSweeps,
    ownership: pick(s.ownership, OWNERSHIP_GROUPS),
    sage100: pick(s.sage100, Object.keys(shape.sage100.shape) as (keyof SyncSettingsForm["sage100"])[]),
    salesInvoices: pick(
      s.salesInvoices,
      Object.keys(shape.salesInvoices.shape) as (keyof SyncSettingsForm["salesInvoices"])[],
    ),
    documents: pick(s.documents, Object.keys(shape.documents.shape) as (keyof SyncSettingsForm["documents"])[]),
    purchases: pick(s.purchases, Object.keys(shape.purchases.shape) as (keyof SyncSettingsForm["purchases"])[]),
    payments: pick(s.payments, Object.keys(shape.payments.shape) as (keyof SyncSettingsForm["payments"])[]),
    stock: pick(s.stock, Object.keys(shape.stock.shape) as (keyof SyncSettingsForm["stock"])[]),
    orderStatus: pick(s.orderStatus, Object.keys(shape.orderStatus.shape) as (keyof SyncSettingsForm["orderStatus"])[]),
    fx: { useLatestRate: s.fx.useLatestRate, maxAgeDays: s.fx.maxAgeDays },
    alerts: { agentOfflineMinutes: s.alerts.agentOfflineMinutes },
    retention: { days: s.retention.days },
  };
}

/** Settings that name documents already in Sage 100: changing them once documents are carried would post them twice. */
const FIXED_ONCE_CARRIED = [
  {
    path: "salesInvoices.mode",
    get: (s: SyncSettings) => s.salesInvoices.mode,
    message:
      "Sales invoices are already carried this way; changing the mode now would post them to Sage 100 a second time.",
  },
  {
    path: "salesInvoices.sage100Prefix",
    get: (s: SyncSettings) => s.salesInvoices.sage100Prefix,
    message: "Invoices are already in Sage 100 under this prefix; a new one would make Ledgerlink enter them again.",
  },
  {
    path: "sage100.currency",
    get: (s: SyncSettings) => s.sage100.currency,
    message: "Documents are already converted into this currency; the Sage 100 company's currency does not change.",
  },
] as const;

const CARRIED_MODELS = ["sales_invoice", "purchase_invoice", "payment", "journal"];

/** An accounting policy (which rate a document may use): owners and admins only, like going live. */
const FX_POLICY_ROLES: readonly Role[] = ["OWNER", "ADMIN"];

export async function updateSyncSettings(
  o: SyncScope & { userId: string; role: Role; settings: SyncSettingsForm },
): Promise<SyncSettingsForm> {
  const form = syncSettingsFormSchema.parse(o.settings);
  const saved = await transaction(async (tx) => {
    await requireSyncCompany(o, tx);
    const row = await tx.syncSettings.findUnique({ where: { companyId: o.companyId } });
    const before = parseSyncSettings(row?.settings);
    // Keep what the form does not show (paused flows, anything added later); the engine's schema has the last word.
    const next = syncSettingsSchema.parse({
      ...before,
      ...form,
      ...Object.fromEntries(
        (
          [
            "ownership",
            "sage100",
            "salesInvoices",
            "documents",
            "purchases",
            "payments",
            "stock",
            "orderStatus",
            "fx",
            "alerts",
            "retention",
          ] as const
        ).map((k) => [k, { ...before[k], ...form[k] }]),
      ),
    });
    const fxChanged = changedKeys(before.fx, next.fx).length > 0;
    if (fxChanged && !FX_POLICY_ROLES.includes(o.role))
      throw new AppError("FORBIDDEN", "Only an owner or admin can change which exchange rate documents may use.", {
        fieldErrors: { "fx.useLatestRate": ["Only an owner or admin can change this."] },
      });
    const fixed = FIXED_ONCE_CARRIED.filter((f) => f.get(before) !== f.get(next));
    if (
      fixed.length > 0 &&
      (await tx.syncRecord.count({
        where: { companyId: o.companyId, model: { in: CARRIED_MODELS }, counterpartId: { not: null } },
        take: 1,
      })) > 0
    ) {
      throw new AppError("BAD_REQUEST", "Some settings cannot change once documents are in Sage 100.", {
        fieldErrors: Object.fromEntries(fixed.map((f) => [f.path, [f.message]])),
      });
    }
    const json = next as Prisma.InputJsonValue;
    await tx.syncSettings.upsert({
      where: { companyId: o.companyId },
      create: { companyId: o.companyId, settings: json },
      update: { settings: json },
    });
    // A new first carried day for a company in set-up: what was read from the old one is read again from the new.
    if (before.salesInvoices.startDate !== next.salesInvoices.startDate)
      await forgetDocumentsReadInSetup(tx, o.companyId);
    // Allowing older rates releases the documents held for a rate that now exists within the allowed age.
    const released = fxChanged ? await releaseConvertible(tx, o.companyId) : { count: 0, models: [] };
    const changed = changedKeys(before, next);
    if (changed.length > 0) {
      await recordAudit(tx, {
        orgId: o.orgId,
        companyId: o.companyId,
        actorUserId: o.userId,
        action: "sync.settings_updated",
        targetType: "SyncSettings",
        targetId: o.companyId,
        details: fxChanged ? { changed, releasedForRate: released.count } : { changed },
      });
    }
    return { form: formOf(next), released: released.models };
  });
  await nudgeReleased(o.companyId, saved.released);
  return saved.form;
}

/** "ownership.names", "pollMinutes"...: the leaves that differ. */
function changedKeys(a: unknown, b: unknown, prefix = ""): string[] {
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      changedKeys((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}
