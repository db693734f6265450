// CI_Item ⇄ canonical Item, and the upsertItem payload for the groups being written. Regular items (type 1) are
// stock items; miscellaneous and charge items ("/" codes) are the rest. Quantities are never written: they move
// only through transactions in Sage.
import type { z } from "zod";
import type { upsertItemPayload } from "@/agent/src/protocol/commands";
import { itemSchema, type Item } from "@/server/domain/canonical/item";
import { toDecimal, type DecimalString } from "@/server/domain/canonical/money";
import type { FieldGroup, RecordWarning } from "@/server/domain/model";
import { taxClassOf, vatFromTaxClass, type TaxClasses } from "@/server/domain/rules/tax-class";
import { FitLog } from "@/server/domain/rules/text-fit";
import { decimal, stamp, text, type SageRow } from "./row";

export type SageItemFields = {
  description: string;
  /** Exact decimal, up to 6 places. */
  standardUnitPrice: DecimalString;
  taxClass: string;
  inactive: boolean;
};

export const SAGE_ITEM_LENGTHS = { description: 30 } as const;

export const SAGE_ITEM_GROUP_FIELDS: Partial<Record<FieldGroup, ReadonlyArray<keyof SageItemFields>>> = {
  names: ["description"],
  itemPricing: ["standardUnitPrice"],
  tax: ["taxClass"],
  status: ["inactive"],
};

/** 1 regular (stock), 3 charge, 4 comment, 5 miscellaneous. Comment items are not products. */
export const itemTypeOfRow = (row: SageRow): string => text(row, "ItemType") || "1";
export const isProductRow = (row: SageRow): boolean => itemTypeOfRow(row) !== "4";

export function itemFieldsOfRow(row: SageRow): SageItemFields {
  return {
    description: text(row, "ItemCodeDesc"),
    standardUnitPrice: decimal(row, "StandardUnitPrice"),
    taxClass: text(row, "TaxClass"),
    inactive: text(row, "InactiveItem") === "Y",
  };
}

/** A Sage item row as a canonical Item. Sage's G/L accounts are surrogate keys, so the account codes stay empty. */
export function itemRowToItem(row: SageRow, classes?: TaxClasses): { item: Item; warnings: RecordWarning[] } {
  const f = itemFieldsOfRow(row);
  const stock = itemTypeOfRow(row) === "1";
  const item = itemSchema.parse({
    code: text(row, "ItemCode"),
    salesAccountCode: null,
    name: f.description,
    description: null,
    // Sage 100 (US edition) prices are in the company's currency, USD.
    currency: "USD",
    unitPrice: f.standardUnitPrice,
    wholesalePrice: null,
    ...vatFromTaxClass(f.taxClass, classes),
    isStockTracked: stock,
    quantityOnHand: stock ? decimal(row, "TotalQuantityOnHand") : null,
    reorderLevel: null,
    purchaseAccountCode: null,
    isActive: !f.inactive,
    updatedAt: stamp(row, "Updated"),
  });
  return { item, warnings: [] };
}

/** A canonical Item fitted into Sage 100's item fields. */
export function itemToSageFields(i: Item, classes?: TaxClasses): { fields: SageItemFields; warnings: RecordWarning[] } {
  const log = new FitLog();
  const price = toDecimal(i.unitPrice) ?? "0";
  // Sage keeps prices to 6 places; KashFlow's 4 always fit.
  const fields: SageItemFields = {
    description: log.fit(i.name || i.code, SAGE_ITEM_LENGTHS.description, "name", "Name"),
    standardUnitPrice: price,
    taxClass: taxClassOf(i, classes),
    inactive: !i.isActive,
  };
  return { fields, warnings: log.warnings };
}

export function pickItemFields(fields: SageItemFields, groups: readonly FieldGroup[]): Partial<SageItemFields> {
  const out: Partial<SageItemFields> = {};
  for (const g of groups) for (const key of SAGE_ITEM_GROUP_FIELDS[g] ?? []) Object.assign(out, { [key]: fields[key] });
  return out;
}

/** Sage requires a description on every upsert: the one being written, else the current one (unchanged). */
export function upsertItemInput(
  o: { itemCode: string; itemType?: "1" | "5" },
  f: Partial<SageItemFields>,
  currentDescription: string,
): z.input<typeof upsertItemPayload> {
  return {
    itemCode: o.itemCode,
    ...(o.itemType ? { itemType: o.itemType } : {}),
    description: f.description ?? currentDescription,
    ...(f.standardUnitPrice !== undefined ? { standardUnitPrice: f.standardUnitPrice } : {}),
    ...(f.taxClass !== undefined ? { taxClass: f.taxClass } : {}),
    ...(f.inactive !== undefined ? { inactive: f.inactive } : {}),
  };
}
