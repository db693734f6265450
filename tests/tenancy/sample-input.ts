// Builds a valid input for any procedure from its zod schemas, filling ids with the victim tenant's ids.
import { z } from "zod";
import { uniqueEmail } from "../factories";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  anyOf?: JsonSchema[];
  minimum?: number;
};

/** Values for fields whose validity a JSON schema cannot express (custom refinements). */
const KNOWN_VALUES: Record<string, () => unknown> = {
  baseCurrency: () => "USD",
  timezone: () => "UTC",
  email: () => uniqueEmail("probe"),
  token: () => "probe-token-that-matches-nothing-0123456789",
  name: () => "Probe name",
  startDate: () => "2025-01-01",
};

function sampleFor(key: string, schema: JsonSchema, ids: Record<string, string>): unknown {
  if (key in ids) return ids[key];
  if (key in KNOWN_VALUES) return KNOWN_VALUES[key]!();
  if (schema.anyOf) return sampleFor(key, schema.anyOf.find((s) => s.type !== "null") ?? schema.anyOf[0]!, ids);
  if (schema.enum) return schema.enum[schema.enum.length - 1];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object":
      return sampleObject(schema, ids);
    case "string":
      return schema.format === "email" ? uniqueEmail("probe") : "x".repeat(Math.max(schema.minLength ?? 1, 3));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      return [];
    default:
      return undefined; // a type JSON schema cannot express (e.g. a Date): left out, so only optional ones work
  }
}

function sampleObject(schema: JsonSchema, ids: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Optional fields are filled too, so update procedures really try to write.
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const value = sampleFor(key, prop, ids);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export function sampleInput(inputs: unknown[], ids: Record<string, string>): Record<string, unknown> | undefined {
  if (inputs.length === 0) return undefined;
  const merged: Record<string, unknown> = {};
  for (const input of inputs) {
    const json = z.toJSONSchema(input as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
    Object.assign(merged, sampleObject(json, ids));
  }
  return merged;
}

/** Input fields that point at rows (`...Id`, `slug`, `token`) other than the organization key. */
export function secondaryIdFields(input: Record<string, unknown> | undefined): string[] {
  return Object.keys(input ?? {}).filter((k) => (k.endsWith("Id") || k === "slug" || k === "token") && k !== "orgId");
}
