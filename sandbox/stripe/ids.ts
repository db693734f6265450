// Stripe-looking ids: the object's prefix and 24 random base-62 characters (cus_, sub_, in_, evt_, …).
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length = 24): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export const PREFIXES = {
  customer: "cus_",
  product: "prod_",
  price: "price_",
  checkoutSession: "cs_test_",
  portalSession: "bps_",
  subscription: "sub_",
  subscriptionItem: "si_",
  invoice: "in_",
  invoiceLine: "il_",
  invoiceItem: "ii_",
  paymentMethod: "pm_",
  event: "evt_",
  request: "req_",
} as const;

export type IdKind = keyof typeof PREFIXES;

export const newId = (kind: IdKind): string => `${PREFIXES[kind]}${randomToken()}`;
