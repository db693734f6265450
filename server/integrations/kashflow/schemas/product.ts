// GET /products/list and /products/{nominalCode}/{code} (§6.2): keyed by (NominalCode, Code), with stock.
import { z } from "zod";
import { kfBool, kfDateTime, kfDecimal, kfInt, kfObject, kfString, opt } from "./common";

export const productSchema = kfObject({
  Id: opt(kfInt),
  Code: kfString.pipe(z.string().min(1, "a product must have a Code")),
  NominalCode: kfInt,
  NominalId: opt(kfInt),
  Name: opt(kfString),
  Description: opt(kfString),
  AutoFillLineItem: opt(kfBool),
  Price: opt(kfDecimal),
  WholeSalePrice: opt(kfDecimal),
  VATRate: opt(kfDecimal),
  VATExempt: opt(kfBool),
  IsDefault: opt(kfBool),
  InUse: opt(kfBool),
  ManageStockLevel: opt(kfBool),
  QuantityInStock: opt(kfDecimal),
  StockWarningQuantity: opt(kfDecimal),
  PurchaseNominalId: opt(kfInt),
  PurchaseNominalCode: opt(kfInt),
  CreatedDate: opt(kfDateTime),
  LastUpdatedDate: opt(kfDateTime),
});
export type KfProduct = z.infer<typeof productSchema>;
