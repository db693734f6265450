// Prints, as JSON, every tRPC procedure of the appRouter (path, query/mutation, input fields) and the fields of each
// agent wire schema, so the fuzz suite covers a procedure the day it is added. Run under the react-server condition
// (the router imports server-only modules): node --conditions=react-server --import tsx e2e/fuzz/list-server-inputs.ts
import { z } from "zod";
import * as protocol from "@/agent/src/protocol";
import { appRouter } from "@/server/api/root";

type JsonSchema = { properties?: Record<string, unknown> };
type ProcedureDef = { _def: { type: string; inputs: unknown[] } };

function fieldsOf(schemas: unknown[]): string[] {
  const fields = new Set<string>();
  for (const schema of schemas) {
    try {
      const json = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
      for (const key of Object.keys(json.properties ?? {})) fields.add(key);
    } catch {
      // A schema JSON schema cannot express still gets hostile top-level values.
    }
  }
  return [...fields];
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).map(
  ([path, proc]) => ({ path, type: proc._def.type, fields: fieldsOf(proc._def.inputs) }),
);
const wireSchemas = Object.fromEntries(
  Object.entries(protocol)
    .filter(([name, value]) => name.endsWith("Schema") && value instanceof z.ZodType)
    .map(([name, value]) => [name, fieldsOf([value])]),
);
process.stdout.write(JSON.stringify({ procedures, wireSchemas }));
process.exit(0);
