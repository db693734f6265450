// Keys for records we create: derived from the other system's key, so the same record always asks for the same one,
// with a suffix sequence for collisions. The caller says which candidates are taken (links, ledger rows, reservations);
// the first free one wins and is reserved before the write, so a re-run after a crash asks for it again.

/** Sage 100 customer and vendor numbers Ledgerlink generates: up to 7 characters (VendorNo's length everywhere). */
export const SAGE_PARTY_KEY_LENGTH = 7;
export const SAGE_ITEM_KEY_LENGTH = 30;
export const KASHFLOW_CODE_LENGTH = 50;

/** "Northern Bakery Ltd" / "nor-01" → "NOR01": upper case letters and digits only. */
export const partyKeyBase = (code: string, fallback: string): string =>
  code
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, SAGE_PARTY_KEY_LENGTH) || fallback;

/** NOR01, then NOR0101, NOR0102 … (the stem shortened so the suffix fits in 7). */
export function* partyKeyCandidates(code: string, fallback: string): Generator<string> {
  const base = partyKeyBase(code, fallback);
  yield base;
  for (let n = 1; n < 100_000; n++) {
    const suffix = String(n).padStart(2, "0");
    const candidate = `${base.slice(0, SAGE_PARTY_KEY_LENGTH - suffix.length)}${suffix}`;
    if (candidate !== base) yield candidate;
  }
}

/**
 * Sage item codes: stock items keep the KashFlow code, other products become miscellaneous items ("/CODE", Sage's
 * convention for non-inventory lines). The same code under another nominal gets the nominal as a suffix.
 */
export function* itemKeyCandidates(
  code: string,
  o: { stockTracked: boolean; nominalCode: string | null },
): Generator<string> {
  const prefix = o.stockTracked ? "" : "/";
  const max = SAGE_ITEM_KEY_LENGTH - prefix.length;
  const stem =
    code
      .toUpperCase()
      .replace(/[^A-Z0-9 ._-]/g, "")
      .trim() || "ITEM";
  yield `${prefix}${stem.slice(0, max)}`;
  if (o.nominalCode) yield `${prefix}${stem.slice(0, max - o.nominalCode.length - 1)}-${o.nominalCode}`;
  for (let n = 2; n < 100_000; n++) yield `${prefix}${stem.slice(0, max - String(n).length - 1)}-${n}`;
}

/** KashFlow codes for records Sage 100 created: the Sage key (with a non-default division in front), then -2, -3 … */
export function* kashflowCodeCandidates(sageCode: string, division?: string): Generator<string> {
  const bare = sageCode.replace(/^\/+/, "").trim() || "ITEM";
  const base = (division && division !== "00" ? `${division}-${bare}` : bare).slice(0, KASHFLOW_CODE_LENGTH);
  yield base;
  for (let n = 2; n < 100_000; n++) yield `${base.slice(0, KASHFLOW_CODE_LENGTH - String(n).length - 1)}-${n}`;
}

/** The first candidate nobody has; `taken` is asked in order, so the answer is the same on every run. */
export async function firstFreeKey(
  candidates: Iterable<string>,
  taken: (key: string) => Promise<boolean> | boolean,
): Promise<string> {
  for (const key of candidates) if (!(await taken(key))) return key;
  throw new Error("No free key left");
}
