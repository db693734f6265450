// The lookups one run of the sales-invoice flow makes, each read once per run and shared by all its invoices
// (mappings, entity links, FX rates, Sage 100's answers about posting dates): thousands of invoices must not cost
// thousands of identical queries. A run's context object keys the cache, so the next run reads afresh.
import { randomUUID } from "node:crypto";
import { parseCustomerKey } from "@/server/integrations/sage100/mappers/customer";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { DocumentLine } from "../canonical/document-line";
import { hold, type FlowContext, type Hold } from "../engine/flow";
import { plannedSage100Key } from "../engine/planned-links";
import { rateOrHold, type UsedRate } from "../mappings/fx";
import { loadMappings, mapOrHold, type Mappings } from "../mappings/lookup";
import type { MappingKind } from "../mappings/kinds";

type RunCache = {
  runId: string;
  mappings?: Promise<Mappings>;
  customers?: Promise<Map<string, string>>;
  items?: Promise<Map<string, string>>;
  rates: Map<string, Promise<UsedRate | Hold>>;
  answers: Map<string, Promise<unknown>>;
  /** Open Sage 100 batches by posting date, as far as this run knows them. */
  batches?: Map<string, string>;
  knownBatches?: Set<string>;
};

const caches = new WeakMap<FlowContext, RunCache>();

export function runCache(ctx: FlowContext): RunCache {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = { runId: randomUUID(), rates: new Map(), answers: new Map() }));
  return c;
}

/** One answer per key and run (a Sage 100 question asked once for every invoice of a run that needs it). */
export function oncePerRun<T>(ctx: FlowContext, key: string, ask: () => Promise<T>): Promise<T> {
  const answers = runCache(ctx).answers;
  let p = answers.get(key) as Promise<T> | undefined;
  if (!p) {
    p = ask();
    answers.set(key, p);
    // A failed question is asked again by the next invoice, not remembered.
    p.catch(() => answers.delete(key));
  }
  return p;
}

export async function mapped(ctx: FlowContext, kind: MappingKind, key: string): Promise<string | Hold> {
  const c = runCache(ctx);
  return mapOrHold(await (c.mappings ??= loadMappings(ctx.companyId)), kind, key);
}

export function rateFor(ctx: FlowContext, from: string, to: string, day: string): Promise<UsedRate | Hold> {
  const rates = runCache(ctx).rates;
  const key = `${from}|${to}|${day}`;
  let p = rates.get(key);
  if (!p) rates.set(key, (p = rateOrHold({ companyId: ctx.companyId, from, to, day })));
  return p;
}

async function links(ctx: FlowContext, model: "customer" | "item"): Promise<Map<string, string>> {
  const rows = await db.entityLink.findMany({ where: { companyId: ctx.companyId, model }, select: { kashflowId: true, sage100Key: true } });
  return new Map(rows.map((r) => [r.kashflowId, r.sage100Key]));
}

export const CUSTOMER_NOT_SYNCED = "CUSTOMER_NOT_SYNCED";
export const customerField = (code: string) => `customer:${code}`;

export type SageCustomer = { key: string; division: string; customerNo: string };

/**
 * The invoice's customer in Sage 100, through the customers flow's link. A customer still on its way (the customers
 * flow runs first in every cycle) is waited for; one held or gone is a hold naming it, released once it is linked.
 */
export async function sageCustomerOf(ctx: FlowContext, code: string, what: string): Promise<SageCustomer | Hold> {
  const c = runCache(ctx);
  let key = (await (c.customers ??= links(ctx, "customer"))).get(code);
  if (!key) key = (await db.entityLink.findUnique({ where: { companyId_model_kashflowId: { companyId: ctx.companyId, model: "customer", kashflowId: code } }, select: { sage100Key: true } }))?.sage100Key;
  if (key) return { key, ...parseCustomerKey(key) };
  // The first-sync preview: the customer this same preview would create or match, or the reason it would be held.
  const planned = plannedSage100Key(ctx, "customer", code);
  if (planned && "key" in planned) return { key: planned.key, ...parseCustomerKey(planned.key) };
  if (planned) return hold(CUSTOMER_NOT_SYNCED, `Customer ${code} would be held, so ${what} waits for it: ${planned.heldBecause}`, customerField(code));
  const row = await db.syncRecord.findUnique({
    where: { companyId_system_model_externalId: { companyId: ctx.companyId, system: "KASHFLOW", model: "customer", externalId: code } },
    select: { status: true, errorMessage: true },
  });
  if (!row || row.status === "PENDING" || row.status === "FAILED")
    throw new AppError("UPSTREAM", `Waiting for customer ${code} to reach Sage 100 (the customers flow carries it first); ${what} follows it.`, { retryClass: "TRANSIENT", reason: "CustomerPending" });
  const why = row.errorMessage ? ` It is ${row.status.toLowerCase()}: ${row.errorMessage}` : ` It is ${row.status.toLowerCase()} in the customers flow.`;
  return hold(CUSTOMER_NOT_SYNCED, `Customer ${code} is not in Sage 100 yet, so ${what} cannot be entered.${why} Fix the customer; the invoice follows it.`, customerField(code));
}

/** A line's Sage item: its product's "/" item when the items flow linked one, else the company's invoice item. */
export async function sageItemOf(ctx: FlowContext, line: DocumentLine): Promise<string> {
  if (line.itemCode && line.accountCode) {
    const itemKey = `${line.accountCode}/${line.itemCode}`;
    const planned = plannedSage100Key(ctx, "item", itemKey);
    const key = (await (runCache(ctx).items ??= links(ctx, "item"))).get(itemKey) ?? (planned && "key" in planned ? planned.key : undefined);
    // Regular (stock) items cannot go on an A/R invoice; only miscellaneous, charge and comment items can.
    if (key?.startsWith("/")) return key;
  }
  return ctx.settings.sage100.invoiceItem;
}
