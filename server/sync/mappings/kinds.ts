// The lookup tables a company maintains, what their keys and values look like, and how a missing entry is asked for.
import { z } from "zod";

export const MAPPING_KINDS = {
  nominal_to_gl: {
    label: "KashFlow nominal → Sage 100 G/L account",
    source: "KashFlow nominal code",
    target: "Sage 100 G/L account",
    /** The Sage 100 list (as the agent reads it) the value must be on. */
    sageList: "glAccounts",
    sourceSchema: z
      .string()
      .trim()
      .regex(/^\d{1,10}$/, "KashFlow nominal codes are numbers such as 4000."),
    targetSchema: z
      .string()
      .trim()
      .min(1)
      .max(13)
      .regex(/^[0-9A-Za-z-]+$/, "Use the formatted account, such as 4000-00."),
    ask: (key: string) => `Map KashFlow nominal ${key} to a Sage 100 G/L account.`,
  },
  vat_to_tax_class: {
    label: "VAT rate → Sage 100 tax class",
    source: "VAT rate (%), or EXEMPT",
    target: "Sage 100 tax class",
    sageList: "taxClasses",
    sourceSchema: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^(EXEMPT|\d{1,3}(\.\d{1,4})?)$/, "Use a percentage such as 20 or 17.5, or EXEMPT."),
    targetSchema: z
      .string()
      .trim()
      .toUpperCase()
      .min(1)
      .max(2, "Sage 100 tax classes are at most 2 characters, such as TX or NT."),
    ask: (key: string) =>
      key === "EXEMPT"
        ? "Choose the Sage 100 tax class for VAT-exempt lines."
        : `Choose the Sage 100 tax class for ${key}% VAT.`,
  },
  payment_method_to_bank: {
    label: "KashFlow payment method → Sage 100 bank code",
    source: "KashFlow payment method",
    target: "Sage 100 bank code",
    sageList: "bankCodes",
    sourceSchema: z.string().trim().min(1).max(60),
    targetSchema: z.string().trim().toUpperCase().length(1, "Sage 100 bank codes are one character, such as A."),
    ask: (key: string) => `Choose the Sage 100 bank code for KashFlow payment method "${key}".`,
  },
  bank_account_to_gl: {
    label: "KashFlow bank account → Sage 100 cash G/L account",
    source: "KashFlow bank account nominal",
    target: "Sage 100 G/L account",
    sageList: "glAccounts",
    sourceSchema: z.string().trim().min(1).max(20),
    targetSchema: z
      .string()
      .trim()
      .min(1)
      .max(13)
      .regex(/^[0-9A-Za-z-]+$/, "Use the formatted account, such as 1010-00."),
    ask: (key: string) => `Map KashFlow bank account ${key} to a Sage 100 cash G/L account.`,
  },
} as const;

export type MappingKind = keyof typeof MAPPING_KINDS;
export const mappingKind = z.enum(Object.keys(MAPPING_KINDS) as [MappingKind, ...MappingKind[]]);

/** The errorField a record held for this mapping carries, so saving the mapping finds and releases it. */
export const mappingField = (kind: MappingKind, key: string) => `mapping:${kind}:${key}`;
