// Input checked inside a service (the procedures check it too): a problem becomes a BAD_REQUEST with field errors,
// never an internal error, whoever calls the service.
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_form"] ??= []).push(issue.message);
  throw new AppError("BAD_REQUEST", "Some fields need fixing.", { fieldErrors });
}
