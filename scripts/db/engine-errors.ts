// Turns what the wasm engine throws into one readable Error: no Rust span trace, adapter errors looked up.
import type { ErrorRegistry } from "@prisma/driver-adapter-utils";
import { takePanicMessage } from "./wasm-engine";

const SPAN_TRACE = /\n\s*0: [\s\S]*$/;
const EXTERNAL_ERROR = /External error id#(\d+)/;
const NOISE = new Set(["external connector error"]);

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function engineError(error: unknown, registry: ErrorRegistry): Error {
  const panic = takePanicMessage();
  if (panic) return new Error(`Prisma schema engine panicked: ${panic.split("\n").join(" ")}`, { cause: error });
  const raw = describe(error);
  let text = raw.replace(SPAN_TRACE, "");
  let original: unknown;
  const external = EXTERNAL_ERROR.exec(text);
  // Errors thrown by our adapter code reach the engine as an id in the bound factory's registry.
  if (external) {
    original = registry.consumeError(Number(external[1]))?.error;
    if (original !== undefined) text = text.replace(external[0], describe(original));
  }
  // Schema validation errors point at lines (`-->  schema.prisma:10`): their layout is the message.
  if (/^\s*-->\s/m.test(text)) return new Error(`invalid Prisma schema:\n${text.trim()}`, { cause: error });
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.has(line));
  let message = lines.join(" ");
  const migration = /migration_name="([^"]+)"/.exec(raw)?.[1];
  if (migration) message = `Migration ${migration} failed: ${message}`;
  if ((original as { code?: string } | undefined)?.code === "42501" && /create database/i.test(message)) {
    message += " (creating a migration or checking drift needs a role with CREATEDB, for the shadow database)";
  }
  return new Error(message, { cause: original ?? error });
}
