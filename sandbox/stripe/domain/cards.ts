// The test cards the hosted pages accept, and how each behaves when charged.
import type { CardRec } from "../store/types";

/** Test cards: 4242… pays; 4000 0000 0000 0341 attaches but later charges fail; 4000 0000 0000 0002 is declined. */
export function cardBehaviour(number: string): CardRec["behaviour"] | null {
  const digits = number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits)) return null;
  if (digits === "4000000000000341") return "fail_later";
  if (digits === "4000000000000002" || digits === "4000000000009995") return "decline";
  return "good";
}
