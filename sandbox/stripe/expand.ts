// `expand[]`: replaces ids with their objects along dot paths (`subscription`, `data.product`,
// `items.data.price.product`, `parent.subscription_details.subscription`); `tiers` on a price is includable.
import type { Store } from "./store/store";
import type { Json } from "./store/types";
import { publicView } from "./webhooks";

function lookup(store: Store, id: string): Json | undefined {
  const [prefix] = id.split("_", 1);
  const from: Record<string, Map<string, Json>> = {
    cus: store.customers,
    sub: store.subscriptions,
    in: store.invoices,
    price: store.prices,
    prod: store.products,
    cs: store.checkoutSessions,
    bps: store.portalSessions,
  };
  const found = from[prefix ?? ""]?.get(id);
  return found ? publicView(found, store.publicBase) : undefined;
}

function expandAt(store: Store, node: unknown, path: string[]): unknown {
  if (path.length === 0) return node;
  if (Array.isArray(node)) return node.map((n) => expandAt(store, n, path));
  if (!node || typeof node !== "object") return node;
  const obj = node as Json;
  const [key, ...rest] = path as [string, ...string[]];
  if (key === "tiers" && obj.object === "price" && rest.length === 0) {
    const tiers = store.prices.get(obj.id as string)?.tiers;
    return tiers ? { ...obj, tiers: structuredClone(tiers) } : obj;
  }
  if (!(key in obj)) return obj;
  let value = obj[key];
  if (typeof value === "string") value = lookup(store, value) ?? value;
  return { ...obj, [key]: expandAt(store, value, rest) };
}

/** The object as the API shows it: a copy without hidden fields, with the requested paths expanded. */
export function render(store: Store, value: unknown, expand: string[] = []): unknown {
  let out = publicView(value, store.publicBase);
  for (const path of expand) out = expandAt(store, out, path.split("."));
  return out;
}
