// Products ⇄ canonical Item and StockLevel.
import { AppError } from "@/lib/errors";
import { itemSchema, type Item } from "@/server/domain/canonical/item";
import { stockLevelSchema, type StockLevel } from "@/server/domain/canonical/stock-level";
import type { KfProductInput } from "../schemas/payloads";
import type { KfProduct } from "../schemas/product";
import { accountCode, nominalCode, text, validated, type MapperOptions } from "./common";

export function productToItem(p: KfProduct, o: MapperOptions = {}): Item {
  const tracked = p.ManageStockLevel ?? false;
  return validated(
    itemSchema,
    {
      code: p.Code.trim(),
      salesAccountCode: accountCode(p.NominalCode),
      name: p.Name?.trim() ?? p.Code,
      description: text(p.Description),
      currency: (o.homeCurrency ?? "GBP").toUpperCase(),
      unitPrice: p.Price ?? "0",
      wholesalePrice: p.WholeSalePrice ?? null,
      vatRate: p.VATExempt ? null : (p.VATRate ?? null),
      vatExempt: p.VATExempt ?? false,
      isStockTracked: tracked,
      quantityOnHand: tracked ? (p.QuantityInStock ?? "0") : null,
      reorderLevel: tracked ? (p.StockWarningQuantity ?? null) : null,
      purchaseAccountCode: accountCode(p.PurchaseNominalCode),
      isActive: p.InUse ?? true,
      updatedAt: p.LastUpdatedDate ?? null,
    },
    `product ${p.Code}`,
  );
}

export function itemToProductInput(i: Item): KfProductInput {
  const nominal = nominalCode(i.salesAccountCode, "salesAccountCode");
  if (nominal === undefined)
    throw new AppError(
      "BAD_REQUEST",
      `Item ${i.code} needs a KashFlow sales nominal code: KashFlow keeps products under a nominal.`,
      {
        retryClass: "NEEDS_USER",
        reason: "MissingNominalCode",
        fieldErrors: { salesAccountCode: ["is required for KashFlow"] },
      },
    );
  const purchase = nominalCode(i.purchaseAccountCode, "purchaseAccountCode");
  return {
    Code: i.code,
    NominalCode: nominal,
    Name: i.name,
    Description: i.description ?? i.name,
    Price: Number(i.unitPrice),
    ...(i.wholesalePrice !== null ? { WholeSalePrice: Number(i.wholesalePrice) } : {}),
    VATRate: Number(i.vatRate ?? "0"),
    VATExempt: i.vatExempt,
    ManageStockLevel: i.isStockTracked,
    ...(i.isStockTracked && i.quantityOnHand !== null ? { QuantityInStock: Number(i.quantityOnHand) } : {}),
    ...(i.isStockTracked && i.reorderLevel !== null ? { StockWarningQuantity: Number(i.reorderLevel) } : {}),
    ...(purchase !== undefined ? { PurchaseNominalCode: purchase } : {}),
  };
}

/** Stock of a stock-managed product; null for products KashFlow does not count. */
export function productToStockLevel(p: KfProduct, asOf: Date): StockLevel | null {
  if (!p.ManageStockLevel) return null;
  return validated(
    stockLevelSchema,
    {
      itemCode: p.Code.trim(),
      accountCode: accountCode(p.NominalCode),
      warehouseCode: null,
      quantityOnHand: p.QuantityInStock ?? "0",
      asOf: asOf.toISOString().slice(0, 19),
    },
    `the stock of product ${p.Code}`,
  );
}
