// Per-company sync choices, stored as JSON and always read through this schema (defaults fill what is unset).
import { z } from "zod";
import { db, type Prisma } from "@/server/db";
import { COUNTY_TO } from "@/server/domain/rules/address";

/** Flows a new company starts with switched off, until a person turns them on (set-up checklist). */
export const OFF_UNTIL_TURNED_ON = ["stock.sage100_to_kashflow"] as const;

/** How old a rate a document may be converted at, once a company opts into the latest rate (issue 14 §9). */
export const FX_RATE_AGE_DAYS = { min: 1, max: 30, default: 7 } as const;

/** How long sync history is kept, in days. */
export const RETENTION_DAYS = { min: 7, max: 3650, default: 90 } as const;

export const FIELD_OWNERS = ["KASHFLOW", "SAGE100", "MOST_RECENT"] as const;
const owner = z.enum(FIELD_OWNERS);
/** A formatted Sage 100 G/L account ("2100-00"), or empty for "not chosen yet". */
const glAccount = z
  .string()
  .trim()
  .regex(/^([0-9A-Za-z-]{1,13})?$/);

export const syncSettingsSchema = z.object({
  /** Minutes between full sweeps: KashFlow lists read in full (master data, purchases, payments), the tie-out. */
  pollMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** How often each flow runs when nothing wakes it (see flowIntervalMs). */
  schedule: z
    .object({
      /**
       * Seconds between runs of flows that ask only for what changed (KashFlow's audit report): one request when
       * nothing did. 10 s keeps a new invoice's way into Sage 100 within ~15 s (bench/latency.ts).
       */
      changesSeconds: z
        .number()
        .int()
        .min(5)
        .max(60 * 60)
        .default(10),
      /** A flow's own interval in seconds for this company, by flow id; it wins over the two above. */
      flows: z
        .record(
          z.string(),
          z
            .number()
            .int()
            .min(5)
            .max(24 * 60 * 60),
        )
        .default({}),
    })
    .prefault({}),
  /** Complete sweeps a record must be missing from before it counts as deleted. */
  deletionGraceSweeps: z.number().int().min(1).max(20).default(2),
  /** Who owns each group of fields when both systems changed a record. */
  ownership: z
    .object({
      names: owner.default("KASHFLOW"),
      contact: owner.default("KASHFLOW"),
      address: owner.default("KASHFLOW"),
      creditTerms: owner.default("SAGE100"),
      itemPricing: owner.default("SAGE100"),
    })
    .prefault({}),
  sage100: z
    .object({
      /** AR/AP division for new customers and vendors ("00" when divisions are off). */
      division: z
        .string()
        .regex(/^\d{2}$/)
        .default("00"),
      /** Where a UK county goes: an address line, or nowhere (dropped with a warning). */
      countyTo: z.enum(COUNTY_TO).default("address_line_3"),
      /** Sage's 2-letter State for addresses outside the US/Canada. */
      foreignState: z.string().max(2).default(""),
      /** The Sage 100 company's currency: KashFlow documents (GBP, EUR) are converted into it at their date's rate. */
      currency: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{3}$/)
        .default("USD"),
      /** A sales document dated in a closed Sage 100 period is entered on the first open day (with a warning) instead of held. */
      redateClosedPeriod: z.boolean().default(false),
      /** The miscellaneous item A/R invoice lines use when a line's product is not a "/" item in Sage 100. */
      invoiceItem: z
        .string()
        .trim()
        .min(2)
        .max(30)
        .regex(/^\//, "Use a miscellaneous item code such as /SERVICE.")
        .default("/SERVICE"),
      /** Tax schedule on invoices: Sage 100 then adds no US sales tax; VAT travels on its own lines. */
      invoiceTaxSchedule: z.string().trim().toUpperCase().min(1).max(9).default("NONTAX"),
      /** KashFlow supplier payments become A/P manual checks; "skip" for sites that pay their vendors in Sage 100. */
      supplierPayments: z.enum(["manual_check", "skip"]).default("manual_check"),
    })
    .prefault({}),
  /** Every document flow (sales invoices, purchases, payments). */
  documents: z
    .object({
      /**
       * A document dated after today in the company's time zone: carried at once ("now"), or when its date arrives
       * there ("on_date": it waits, pending, and is carried that day). Never left out.
       */
      futureDated: z.enum(["now", "on_date"]).default("now"),
    })
    .prefault({}),
  /**
   * Converting documents (KashFlow's currencies → Sage 100's). By default a document needs its own date's rate and is
   * held without one; a company may opt into the latest rate up to maxAgeDays old (the record then says which day's).
   */
  fx: z
    .object({
      useLatestRate: z.boolean().default(false),
      maxAgeDays: z
        .number()
        .int()
        .min(FX_RATE_AGE_DAYS.min)
        .max(FX_RATE_AGE_DAYS.max)
        .default(FX_RATE_AGE_DAYS.default),
    })
    .prefault({}),
  /** Flows switched off for this company. Stock into KashFlow starts off: it overwrites KashFlow's quantities. */
  pausedFlows: z.array(z.string()).default(() => [...OFF_UNTIL_TURNED_ON]),
  /** Sales invoices (read by the payment flows too): the Sage 100 invoice number is this prefix + the KashFlow number. */
  salesInvoices: z
    .object({
      sage100Prefix: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{0,6}$/)
        .default("K"),
      /** One Sage 100 A/R invoice per KashFlow invoice ("detail"), or one G/L journal per day ("summary"). */
      mode: z.enum(["detail", "summary"]).default("detail"),
      /** The first issue date carried on the first run; none = the start of the previous month. */
      startDate: z.iso.date().nullable().default(null),
    })
    .prefault({}),
  purchases: z
    .object({
      /** Post each A/P invoice through the invoice register at once; off leaves it in its batch for review in Sage. */
      post: z.boolean().default(true),
      /** KashFlow's VAT control nominal: input VAT on bills goes to the G/L account this nominal is mapped to. */
      vatNominal: z
        .string()
        .regex(/^\d{1,10}$/)
        .default("2200"),
    })
    .prefault({}),
  payments: z
    .object({
      /** Post each cash receipt (cash receipts journal) and A/P manual check (manual check register) at once. */
      post: z.boolean().default(true),
      /** Sage's deposit type for receipts: C cash/check, R credit card, A ACH. */
      depositType: z.enum(["C", "R", "A"]).default("C"),
      /** Over-payments stay as unapplied cash on this G/L account; empty holds such payments until it is chosen. */
      unappliedCashAccount: glAccount.default(""),
      /** Exchange differences when a payment settles an invoice; empty holds such payments until it is chosen. */
      fxDifferenceAccount: glAccount.default(""),
      /** Where payments recorded in Sage 100 land in KashFlow; null = KashFlow's default bank account and its method. */
      kashflowBankAccountId: z.number().int().positive().nullable().default(null),
      kashflowMethodId: z.number().int().positive().nullable().default(null),
    })
    .prefault({}),
  stock: z
    .object({
      /** Sage 100 warehouses whose quantities are summed into KashFlow's stock; empty = every warehouse. */
      warehouses: z
        .array(
          z
            .string()
            .trim()
            .toUpperCase()
            .regex(/^[A-Z0-9]{1,3}$/),
        )
        .default([]),
      /** On hand, or available (on hand less what sales orders, back orders and work orders hold). */
      quantity: z.enum(["on_hand", "available"]).default("on_hand"),
    })
    .prefault({}),
  orderStatus: z
    .object({
      /** How a Sage 100 sales order names its KashFlow invoice: its customer PO is the invoice number, or the invoice's customer reference. */
      matchBy: z.enum(["invoice_number", "customer_reference"]).default("invoice_number"),
      /** Where "shipped" is written: an invoice note, the customer reference, or a note when KashFlow offers notes. */
      writeTo: z.enum(["auto", "note", "customer_reference"]).default("auto"),
    })
    .prefault({}),
  alerts: z
    .object({
      /** An agent not heard from for longer than this is offline: a problem in the company's health, and an alert. */
      agentOfflineMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(10),
    })
    .prefault({}),
  retention: z
    .object({
      /**
       * Sync attempts, finished agent commands and processed Sage 100 change batches older than this are deleted
       * (never a record's latest attempt, nor the latest write of each kind: what flows and the tie-out read).
       */
      days: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).default(RETENTION_DAYS.default),
    })
    .prefault({}),
});

export type SyncSettings = z.infer<typeof syncSettingsSchema>;

/** Flows that learn of KashFlow changes from its audit report: cheap when nothing changed, so they run every few seconds. */
export const CHANGE_FEED_FLOWS: readonly string[] = ["sales_invoices.kashflow_to_sage100"];

/**
 * Time between a flow's runs when nothing wakes it: its own interval if the company set one; the audit-report flows
 * every `changesSeconds`; every other flow (full sweeps, and flows a Sage 100 change batch wakes) every `pollMinutes`.
 */
export function flowIntervalMs(settings: Pick<SyncSettings, "pollMinutes" | "schedule">, flowId: string): number {
  const own = settings.schedule.flows[flowId];
  if (own) return own * 1000;
  if (CHANGE_FEED_FLOWS.includes(flowId)) return settings.schedule.changesSeconds * 1000;
  return settings.pollMinutes * 60_000;
}

export function parseSyncSettings(raw: unknown): SyncSettings {
  return syncSettingsSchema.parse(raw ?? {});
}

export async function loadSyncSettings(companyId: string): Promise<SyncSettings> {
  const row = await db.syncSettings.findUnique({ where: { companyId } });
  return parseSyncSettings(row?.settings);
}

export async function saveSyncSettings(companyId: string, settings: SyncSettings): Promise<SyncSettings> {
  const valid = syncSettingsSchema.parse(settings);
  await db.syncSettings.upsert({
    where: { companyId },
    create: { companyId, settings: valid as Prisma.InputJsonValue },
    update: { settings: valid as Prisma.InputJsonValue },
  });
  return valid;
}
