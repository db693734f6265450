// Facts of what was posted, compared with what KashFlow says now: key order is not a change (Postgres jsonb hands
// stored facts back with keys in its own order), a different amount, date, method or line is.
import { describe, expect, it } from "vitest";
import { changedFacts, type PostingFacts } from "../purchases/posting";
import { sameFacts, type PaymentFacts } from "./facts";

/** The same object with its keys in reverse order, as jsonb may return it. */
const reordered = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;

describe("payment facts (customer receipts and A/P checks)", () => {
  const facts: PaymentFacts = { date: "2025-03-12", amountMinor: 5000, methodId: "409844", document: "invoice:7" };

  it("the same payment with its stored keys reordered is the same", () => {
    expect(JSON.stringify(reordered(facts))).not.toBe(JSON.stringify(facts));
    expect(sameFacts(reordered(facts), facts)).toBe(true);
  });

  it("a changed amount, date, method or document is a change", () => {
    expect(sameFacts(reordered(facts), { ...facts, amountMinor: 4999 })).toBe(false);
    expect(sameFacts(reordered(facts), { ...facts, date: "2025-03-13" })).toBe(false);
    expect(sameFacts(reordered(facts), { ...facts, methodId: null })).toBe(false);
    expect(sameFacts(reordered(facts), { ...facts, document: "invoice:8" })).toBe(false);
  });
});

describe("A/P invoice posting facts", () => {
  const posted: PostingFacts = {
    supplierCode: "CRO01",
    issueDate: "2025-03-10",
    currency: "GBP",
    grossMinor: 12000,
    lines: [
      { account: "5000", netMinor: 6000, taxMinor: 1200 },
      { account: "7500", netMinor: 4000, taxMinor: 800 },
    ],
  };

  it("lines stored with their keys reordered are unchanged; a changed line is named", () => {
    const stored = { ...reordered(posted), lines: posted.lines.map(reordered) };
    expect(changedFacts(stored, posted)).toEqual([]);
    const now = { ...posted, lines: [posted.lines[0]!, { ...posted.lines[1]!, netMinor: 4100 }] };
    expect(changedFacts(stored, now)).toEqual(["line 2"]);
  });
});
