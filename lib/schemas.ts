// Field schemas shared by procedures and forms, with messages a user can act on.
import { z } from "zod";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const TIMEZONES = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

export const orgName = z.string().trim().min(2, "Enter at least 2 characters.").max(80, "Use at most 80 characters.");

export const companyName = z
  .string()
  .trim()
  .min(2, "Enter at least 2 characters.")
  .max(80, "Use at most 80 characters.");

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => CURRENCIES.has(c), "Use a 3-letter ISO currency code such as GBP or USD.");

export const timezone = z
  .string()
  .trim()
  .refine((tz) => TIMEZONES.has(tz), "Pick a time zone from the list, such as Europe/London.");

export const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(254));

export const role = z.enum(["OWNER", "ADMIN", "ACCOUNTANT", "VIEWER"], { message: "Pick a role." });

export const companyStatus = z.enum(["SETTING_UP", "LIVE", "PAUSED", "ARCHIVED"]);

export function timezoneList(): string[] {
  return [...TIMEZONES].sort();
}
