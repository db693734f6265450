// First-connect matching: is a record we are about to create already in the other system? Tried in order — the
// same code, then the same name at the same postcode, then the same email or the same name alone. One candidate
// on a strong test (code, name + postcode) is linked; several, or only a weak test, go to a person (Match review).

export type MatchSubject = { code: string; name: string; postCode: string | null; emails: string[] };
export type MatchCandidate = MatchSubject & { key: string };
export type MatchReason = "same code" | "same name and postcode" | "same email" | "same name";
export type ReviewCandidate = { sage100Key: string; name: string; reason: MatchReason };

export type MatchOutcome =
  | { kind: "none" }
  | { kind: "link"; key: string; reason: MatchReason }
  | { kind: "review"; candidates: ReviewCandidate[] };

/** Codes compare without case, spaces or punctuation (KashFlow "nor-01" is Sage "NOR01"); items ignore Sage's "/". */
export const normaliseCode = (code: string): string =>
  code
    .toUpperCase()
    .replace(/^\/+/, "")
    .replace(/[^A-Z0-9]/g, "");
/** Names compare on letters and digits only: "Acme Ltd." is "acme ltd". */
export const normaliseName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]/g, "");
export const normalisePostCode = (postCode: string | null): string =>
  (postCode ?? "").toUpperCase().replace(/\s+/g, "");
export const normaliseEmail = (email: string | null): string => (email ?? "").trim().toLowerCase();

export function matchRecord(subject: MatchSubject, candidates: readonly MatchCandidate[]): MatchOutcome {
  const code = normaliseCode(subject.code);
  const name = normaliseName(subject.name);
  const post = normalisePostCode(subject.postCode);
  const emails = new Set(subject.emails.map(normaliseEmail).filter(Boolean));
  const tests: Array<{ reason: MatchReason; strong: boolean; hit: (c: MatchCandidate) => boolean }> = [
    { reason: "same code", strong: true, hit: (c) => code !== "" && normaliseCode(c.code) === code },
    {
      reason: "same name and postcode",
      strong: true,
      hit: (c) =>
        name !== "" && post !== "" && normaliseName(c.name) === name && normalisePostCode(c.postCode) === post,
    },
    { reason: "same email", strong: false, hit: (c) => c.emails.some((e) => emails.has(normaliseEmail(e))) },
    { reason: "same name", strong: false, hit: (c) => name !== "" && normaliseName(c.name) === name },
  ];
  for (const test of tests.filter((t) => t.strong)) {
    const hits = candidates.filter(test.hit);
    if (hits.length === 1) return { kind: "link", key: hits[0]!.key, reason: test.reason };
    if (hits.length > 1)
      return {
        kind: "review",
        candidates: hits.map((c) => ({ sage100Key: c.key, name: c.name, reason: test.reason })),
      };
  }
  // Weak tests never link on their own: everything they find goes to the review together.
  const weak = new Map<string, ReviewCandidate>();
  for (const test of tests.filter((t) => !t.strong))
    for (const c of candidates.filter(test.hit))
      if (!weak.has(c.key)) weak.set(c.key, { sage100Key: c.key, name: c.name, reason: test.reason });
  return weak.size ? { kind: "review", candidates: [...weak.values()] } : { kind: "none" };
}

/** "3 Sage 100 customers could be this one: choose in Match review". */
export function reviewMessage(candidates: readonly ReviewCandidate[], noun: { one: string; many: string }): string {
  if (candidates.length === 1)
    return `A Sage 100 ${noun.one} could be this one (${candidates[0]!.reason}): choose in Match review.`;
  return `${candidates.length} Sage 100 ${noun.many} could be this one: choose in Match review.`;
}
