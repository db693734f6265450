// Field ownership — who wins a group of fields when KashFlow and Sage 100 disagree.
//
// Every record is split into field groups: names, contact (email, phone), address, credit terms, item pricing, plus
// status (active / archived) and tax (VAT → tax class). Each company sets an owner per group (settings.ownership):
// KASHFLOW, SAGE100, or MOST_RECENT — the system whose record changed later wins that group (ties go to the system
// the change is coming from). Defaults: KashFlow owns names, contact and address; Sage 100 owns credit terms and item
// pricing. Status always follows the most recent change; tax is KashFlow's (UK VAT decides it).
//
// A flow writes only the groups its SOURCE wins:
//   KashFlow → Sage 100 writes the groups KashFlow owns, and MOST_RECENT groups where KashFlow's record is newer;
//   Sage 100 → KashFlow writes the groups Sage 100 owns, and MOST_RECENT groups where Sage's record is newer.
// A group that is already in step is never written: equal as canonical values, or equal once shaped for Sage 100
// (the lossier side: truncated, 2-letter state, terms code), so a value cut to fit never looks like a change.
// When the TARGET wins a group that differs, nothing is written this way; the target's record is queued to flow
// back instead, so both systems end with the owner's value. Creating a record writes every group (the target has
// nothing of its own to keep); a deletion only makes the other side inactive.
import type { FieldGroup, SyncSystem } from "@/server/domain/model";
import type { FIELD_OWNERS, SyncSettings } from "../settings";

export type { FieldGroup };
export type FieldOwner = (typeof FIELD_OWNERS)[number];

export function ownerOf(group: FieldGroup, settings: SyncSettings): FieldOwner {
  if (group === "status") return "MOST_RECENT";
  if (group === "tax") return "KASHFLOW";
  return settings.ownership[group];
}

/** ISO timestamps without an offset are UTC (the sandboxes' and Sage's audit stamps are). */
function instant(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? null : t;
}

/** The system whose record changed later; the source on a tie or when a side has no timestamp. */
export function newerSide(o: {
  source: SyncSystem;
  sourceUpdatedAt: string | null;
  targetUpdatedAt: string | null;
}): SyncSystem {
  const s = instant(o.sourceUpdatedAt);
  const t = instant(o.targetUpdatedAt);
  if (s === null || t === null || s >= t) return o.source;
  return o.source === "KASHFLOW" ? "SAGE100" : "KASHFLOW";
}

export type GroupDecision = {
  /** Groups the source wins: written to the target. */
  write: FieldGroup[];
  /** Groups the target wins although they differ: the target's record should flow back. */
  yielded: FieldGroup[];
};

/** Splits the differing groups into those this flow writes and those the target keeps. */
export function decideGroups(o: {
  source: SyncSystem;
  differing: readonly FieldGroup[];
  settings: SyncSettings;
  sourceUpdatedAt: string | null;
  targetUpdatedAt: string | null;
}): GroupDecision {
  const newer = newerSide(o);
  const decision: GroupDecision = { write: [], yielded: [] };
  for (const group of o.differing) {
    const owner = ownerOf(group, o.settings);
    const winner = owner === "MOST_RECENT" ? newer : owner;
    (winner === o.source ? decision.write : decision.yielded).push(group);
  }
  return decision;
}
