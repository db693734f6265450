// Subscription item changes and their prorations, simplified: the unused time on the old item is credited and the
// remaining time on the new one charged, both by the fraction of the period left. A new billing interval restarts
// the period now and charges the whole new period.
import { invalid, missing } from "../errors";
import type { ItemObj, LineObj, PriceObj, ProductObj, SubscriptionObj } from "../store/types";
import { buildItem, buildLine, describeItem, setItemPrice } from "./objects";
import { addInterval, amountFor } from "./pricing";

export interface ItemChange {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
}

export type ProrationBehavior = "create_prorations" | "none" | "always_invoice";

export interface PlannedItem {
  item: ItemObj | null;
  price: PriceObj;
  quantity: number;
  deleted: boolean;
}

export interface PlannedChange {
  items: PlannedItem[];
  lines: LineObj[];
  resetsCycle: boolean;
}

export interface ChangeContext {
  now: number;
  price(id: string, param: string): PriceObj;
  product(id: string): ProductObj | undefined;
}

export const periodStart = (sub: SubscriptionObj): number =>
  sub.items.data[0]?.current_period_start ?? (sub.created as number);

export const periodEnd = (sub: SubscriptionObj): number =>
  sub.items.data[0]?.current_period_end ?? (sub.created as number);

/** The items after a change, and the proration lines it creates (simplified: unused time credited, the rest charged). */
export function planChange(
  ctx: ChangeContext,
  sub: SubscriptionObj,
  changes: ItemChange[],
  behaviour: ProrationBehavior,
): PlannedChange {
  const now = ctx.now;
  const next = sub.items.data.map((item) => ({
    item: item as ItemObj | null,
    price: item.price,
    quantity: item.quantity,
    deleted: false,
  }));
  changes.forEach((ch, i) => {
    if (ch.id) {
      const entry = next.find((n) => n.item?.id === ch.id);
      if (!entry)
        throw invalid(`Invalid subscription item: '${ch.id}' is not an item of ${sub.id}.`, `items[${i}][id]`);
      if (ch.price) entry.price = ctx.price(ch.price, `items[${i}][price]`);
      if (ch.quantity !== undefined) entry.quantity = ch.quantity;
      if (ch.deleted) entry.deleted = true;
    } else {
      if (!ch.price) throw missing(`items[${i}][price]`);
      const price = ctx.price(ch.price, `items[${i}][price]`);
      if (next.some((n) => !n.deleted && n.price.id === price.id))
        throw invalid(
          `Cannot add multiple subscription items with the same price: ${price.id}. To change an item's quantity, pass its id (items[${i}][id]).`,
          `items[${i}][price]`,
        );
      next.push({ item: null, price, quantity: ch.quantity ?? 1, deleted: false });
    }
  });
  const kept = next.filter((n) => !n.deleted);
  if (kept.length === 0) throw invalid("A subscription must have at least one active item.", "items");
  const interval = kept[0]!.price.recurring.interval;
  kept.forEach((n, i) => {
    if (!n.price.active) throw invalid("The price specified is inactive.", `items[${i}][price]`);
    if (n.price.recurring.interval !== interval || n.price.currency !== sub.currency)
      throw invalid(
        "All prices on a subscription must have the same currency and recurring interval.",
        `items[${i}][price]`,
      );
  });
  const resetsCycle = interval !== sub.items.data[0]!.price.recurring.interval;
  const lines: LineObj[] = [];
  const billable = sub.status === "active" || sub.status === "past_due";
  if (billable) {
    const start = periodStart(sub);
    const end = periodEnd(sub);
    const left = end > start ? Math.min(1, Math.max(0, (end - now) / (end - start))) : 0;
    const newEnd = resetsCycle ? addInterval(now, interval) : end;
    for (const n of next) {
      const old = n.item;
      const changed = !old || n.deleted || old.price.id !== n.price.id || old.quantity !== n.quantity || resetsCycle;
      if (!changed) continue;
      const product = ctx.product(n.price.product);
      const itemId = old?.id ?? "si_pending";
      if (old && behaviour !== "none")
        lines.push(
          buildLine({
            amount: -Math.round(amountFor(old.price, old.quantity) * left),
            currency: sub.currency,
            description: `Unused time on ${describeItem(old.price, old.quantity, ctx.product(old.price.product))}`,
            period: { start: now, end },
            quantity: old.quantity,
            price: old.price,
            subscription: sub.id,
            item: itemId,
            proration: true,
          }),
        );
      if (!n.deleted && (behaviour !== "none" || resetsCycle))
        lines.push(
          buildLine({
            amount: resetsCycle ? amountFor(n.price, n.quantity) : Math.round(amountFor(n.price, n.quantity) * left),
            currency: sub.currency,
            description: `${resetsCycle ? "" : "Remaining time on "}${describeItem(n.price, n.quantity, product)}`,
            period: { start: now, end: newEnd },
            quantity: n.quantity,
            price: n.price,
            subscription: sub.id,
            item: itemId,
            proration: !resetsCycle,
          }),
        );
    }
  }
  return { items: next, lines, resetsCycle: billable && resetsCycle };
}

/** Puts the planned items on the subscription (new items start in the current period). */
export function applyItems(sub: SubscriptionObj, items: PlannedItem[], now: number): void {
  const period = { start: periodStart(sub), end: periodEnd(sub) };
  const data: ItemObj[] = [];
  for (const n of items) {
    if (n.deleted) continue;
    if (n.item) {
      if (n.item.price.id !== n.price.id) setItemPrice(n.item, n.price);
      n.item.quantity = n.quantity;
      data.push(n.item);
    } else data.push(buildItem(sub.id, n.price, n.quantity, now, period));
  }
  sub.items = { ...sub.items, data, total_count: data.length };
}
