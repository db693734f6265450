// Random ids for live requests, seeded ones for deterministic demo data.
import { randomUUID } from "node:crypto";

export type GuidSource = () => string;

export const newGuidFrom = (source?: GuidSource): string => (source ? source() : randomUUID());

/** mulberry32: small, fast, good enough for reproducible demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A v4-shaped GUID drawn from a seeded generator. */
export function seededGuid(rand: () => number): GuidSource {
  const word = () =>
    Math.floor(rand() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, "0");
  return () => {
    const h = word() + word() + word() + word();
    const variant = "89ab"[parseInt(h[16] ?? "0", 16) & 3] ?? "8";
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}
