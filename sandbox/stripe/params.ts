// Request parameters: form values are strings, so schemas coerce; a failure is Stripe's 400 naming the param
// in bracket form (`line_items[0][quantity]`). Parameters the stand-in does not use are ignored, not refused,
// so an app sending a valid Stripe parameter we do not model still works here.
import { z } from "zod";
import { invalid, missing } from "./errors";
import type { FormObject } from "./form";

export const zInt = z
  .string()
  .regex(/^-?\d+$/, "integer")
  .transform(Number)
  .or(z.number().int());
export const zPositiveInt = zInt.pipe(z.number().int().min(1, "positive"));
export const zBool = z.enum(["true", "false"]).transform((v) => v === "true");
export const zStr = z.string().min(1, "empty");
/** Stripe's metadata: string values; an empty value removes the key on update. */
export const zMetadata = z.record(z.string(), z.string());
export const zExpand = z.array(z.string()).default([]);
/** A timestamp or the word "now" (trial_end=now). */
export const zTimestampOrNow = z.literal("now").or(zInt);

function paramName(path: PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return `${head ?? ""}${rest.map((p) => `[${p}]`).join("")}`;
}

/** Parses with a schema; the first problem becomes Stripe's error for that parameter. */
export function parseParams<S extends z.ZodType>(schema: S, params: FormObject): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = paramName(issue.path);
  if (issue.code === "invalid_type" && issue.input === undefined) throw missing(name);
  if (issue.message === "integer")
    throw invalid(`Invalid integer: ${String(issue.input)}`, name, "parameter_invalid_integer");
  if (issue.code === "invalid_value" && Array.isArray((issue as { values?: unknown[] }).values))
    throw invalid(`Invalid ${name}: must be one of ${(issue as { values: unknown[] }).values.join(", ")}`, name);
  throw invalid(`Invalid value for ${name}: ${issue.message}`, name);
}
