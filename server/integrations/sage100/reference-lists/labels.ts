// Sage 100's reference lists in words: "42 G/L accounts", and the sentence a refresh ends with. Pure, so the
// mappings page's client components use it too.
import type { ReferenceList } from "@/agent/src/protocol/reference-lists";

export const REFERENCE_LIST_NOUNS: Record<ReferenceList, { one: string; many: string }> = {
  glAccounts: { one: "G/L account", many: "G/L accounts" },
  taxClasses: { one: "tax class", many: "tax classes" },
  bankCodes: { one: "bank code", many: "bank codes" },
};

export const countOf = (list: ReferenceList, n: number): string =>
  `${n.toLocaleString("en-GB")} ${n === 1 ? REFERENCE_LIST_NOUNS[list].one : REFERENCE_LIST_NOUNS[list].many}`;

function joined(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

export type ListOutcome = { list: ReferenceList; rowCount: number | null; truncated: boolean; error: string | null };

/** "Read 42 G/L accounts, 6 tax classes and 3 bank codes just now", plus what could not be read or was cut. */
export function refreshSummary(lists: ListOutcome[], when: string): string {
  const read = lists.filter((l) => l.error === null && l.rowCount !== null);
  const sentences = read.length
    ? [`Read ${listCounts(read.map((l) => ({ list: l.list, rowCount: l.rowCount ?? 0 })))} ${when}.`]
    : [];
  for (const l of read)
    if (l.truncated)
      sentences.push(
        `Sage 100 has more ${REFERENCE_LIST_NOUNS[l.list].many} than that: only the first ${(l.rowCount ?? 0).toLocaleString("en-GB")} are offered.`,
      );
  for (const l of lists)
    if (l.error !== null)
      sentences.push(`Sage 100's ${REFERENCE_LIST_NOUNS[l.list].many} could not be read: ${l.error}`);
  return sentences.join(" ");
}

/** "19 G/L accounts, 2 tax classes and 2 bank codes": what a copy holds. */
export const listCounts = (lists: Array<{ list: ReferenceList; rowCount: number }>): string =>
  joined(lists.map((l) => countOf(l.list, l.rowCount)));
