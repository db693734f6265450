// GET /nominals (bare array, §6.1): Type is a label but sometimes numeric (§10.8).
import type { z } from "zod";
import { kfBool, kfDecimal, kfInt, kfObject, kfString, opt } from "./common";

export const nominalSchema = kfObject({
  Id: opt(kfInt),
  Code: kfInt,
  Name: opt(kfString),
  Type: opt(kfString),
  NomType: opt(kfInt),
  Classification: opt(kfInt),
  ClassificationName: opt(kfString),
  Archived: opt(kfBool),
  Disallowed: opt(kfBool),
  VATRate: opt(kfDecimal),
  VATExempt: opt(kfBool),
  IsProduct: opt(kfInt),
  ManageStockLevel: opt(kfBool),
});
export type KfNominal = z.infer<typeof nominalSchema>;
