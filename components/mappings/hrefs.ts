// Where a hold is fixed: the mapping or FX rate form, prefilled. Shared by the records list, a record's page and
// the mapping/FX screens themselves, so every "fix it" link lands on the same form.
const MAPPING = /^mapping:([a-z_]+):(.+)$/s;
const FX = /^fx:([A-Z]{3}):([A-Z]{3}):(\d{4}-\d{2}-\d{2})$/;
const SETTING = /^setting:([A-Za-z0-9_.]+)$/;
/** The settings form's field for a setting a record waits for (ids in components/sync/sync-settings-form.tsx). */
const SETTING_FIELD: Record<string, string> = {
  "payments.unappliedCashAccount": "unapplied-cash",
  "payments.fxDifferenceAccount": "fx-difference",
};

export function mappingFormHref(syncHref: string, kind: string, key: string): string {
  return `${syncHref}/mappings?${new URLSearchParams({ kind, key }).toString()}#map-${kind}`;
}

export function fxFormHref(syncHref: string, from: string, to: string, day: string): string {
  return `${syncHref}/fx?${new URLSearchParams({ from, to, day }).toString()}#add-rate`;
}

/** The form that releases a record held with this code and field, or null when the hold is not a lookup's. */
export function holdFixHref(
  syncHref: string,
  code: string | null | undefined,
  field: string | null | undefined,
): { href: string; label: string } | null {
  // A closed Sage 100 period: opened in Sage, or Ledgerlink may move the document to the first open day.
  if (code === "PERIOD_CLOSED")
    return { href: `${syncHref}/settings#redate-closed`, label: "Move documents out of closed periods" };
  if (!field) return null;
  if (code === "MAPPING_MISSING") {
    const m = MAPPING.exec(field);
    if (m) return { href: mappingFormHref(syncHref, m[1]!, m[2]!), label: "Add this mapping" };
  }
  if (code === "FX_MISSING") {
    const m = FX.exec(field);
    if (m) return { href: fxFormHref(syncHref, m[1]!, m[2]!, m[3]!), label: `Enter the ${m[1]}→${m[2]} rate` };
  }
  // A record waiting on another record is not held: its page links the record it waits for (components/sync/waiting-for.tsx).
  // Waiting for a sync setting (an account for over-payments or exchange differences): that field of the form.
  if (code === "SETTING_MISSING") {
    const m = SETTING.exec(field);
    const id = m ? SETTING_FIELD[m[1]!] : undefined;
    if (id) return { href: `${syncHref}/settings#${id}`, label: "Choose it in sync settings" };
  }
  return null;
}
