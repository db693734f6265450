// VAT → Sage 100 tax class. UK VAT rates have no US sales-tax equivalent, so for now an item is taxable when VAT
// applies to it and non-taxable otherwise, using the company's two class codes (defaults TX / NT). Issue 6 turns
// this into a per-rate lookup table.
import type { Item } from "../canonical/item";
import { compareDecimal } from "../canonical/money";

export type TaxClasses = { taxable: string; nonTaxable: string };
export const DEFAULT_TAX_CLASSES: TaxClasses = { taxable: "TX", nonTaxable: "NT" };

export const vatApplies = (i: Pick<Item, "vatExempt" | "vatRate">): boolean =>
  !i.vatExempt && i.vatRate !== null && compareDecimal(i.vatRate, "0") > 0;

export const taxClassOf = (
  i: Pick<Item, "vatExempt" | "vatRate">,
  classes: TaxClasses = DEFAULT_TAX_CLASSES,
): string => (vatApplies(i) ? classes.taxable : classes.nonTaxable);

/** The reverse, for an item Sage created: taxable → the standard rate, otherwise zero-rated. */
export function vatFromTaxClass(
  taxClass: string,
  classes: TaxClasses = DEFAULT_TAX_CLASSES,
  standardRate = "20",
): Pick<Item, "vatExempt" | "vatRate"> {
  return taxClass.trim().toUpperCase() === classes.nonTaxable.toUpperCase()
    ? { vatExempt: false, vatRate: "0" }
    : { vatExempt: false, vatRate: standardRate };
}
