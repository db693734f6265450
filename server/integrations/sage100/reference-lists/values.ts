// What a cached list offers a mapping form (active G/L accounts only) and what it says about one value.
import type { ReferenceList } from "@/agent/src/protocol/reference-lists";
import type { CachedList } from "./cache";

export type ReferenceOption = { value: string; label: string };

const key = (value: string) => value.trim().toUpperCase();
const labelled = (value: string, ...parts: Array<string | undefined>) => [value, ...parts.filter((p) => p)].join(" · ");

/** Offerable values: inactive and deleted G/L accounts are not offered. */
export function referenceOptions(cached: CachedList): ReferenceOption[] {
  switch (cached.list) {
    case "glAccounts":
      return cached.rows
        .filter((a) => a.status === "A")
        .map((a) => ({ value: a.account, label: labelled(a.account, a.description) }));
    case "taxClasses":
      return cached.rows.map((t) => ({ value: t.taxClass, label: labelled(t.taxClass, t.description) }));
    case "bankCodes":
      return cached.rows.map((b) => ({
        value: b.bankCode,
        label: labelled(b.bankCode, b.name, b.cashAccount ? `cash ${b.cashAccount}` : undefined),
      }));
  }
}

export type ValueCheck = { state: "active" } | { state: "inactive" | "deleted" } | { state: "missing" };

/** Whether Sage 100 (as last read) has the value, compared as Sage stores codes (trimmed, upper case). */
export function checkReferenceValue(cached: CachedList, value: string): ValueCheck {
  const wanted = key(value);
  const values: Array<{ value: string; status?: string }> =
    cached.list === "glAccounts"
      ? cached.rows.map((a) => ({ value: a.account, status: a.status }))
      : cached.list === "taxClasses"
        ? cached.rows.map((t) => ({ value: t.taxClass }))
        : cached.rows.map((b) => ({ value: b.bankCode }));
  const hit = values.find((v) => key(v.value) === wanted);
  if (!hit) return { state: "missing" };
  if (hit.status === "I") return { state: "inactive" };
  if (hit.status === "D") return { state: "deleted" };
  return { state: "active" };
}
