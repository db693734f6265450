// Loads Prisma's schema engine compiled to wasm: the native schema-engine binary cannot be downloaded on these machines.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";

let loaded: typeof glue.SchemaEngine | null = null;
let panicMessage: string | null = null;

type PanicRegistry = { set_message: (message: string) => void };
declare global {
  // eslint-disable-next-line no-var
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

/** The Rust panic message behind the last wasm trap ("unreachable"), once. */
export function takePanicMessage(): string | null {
  const message = panicMessage;
  panicMessage = null;
  return message;
}

/** The wasm module holds global state, so it is instantiated once per process and shared by every engine. */
export function loadSchemaEngineClass(): typeof glue.SchemaEngine {
  if (loaded) return loaded;
  // The glue reports Rust panics through this global; without it a panic surfaces as "reading 'set_message'".
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message) => {
      panicMessage = message;
    },
  };
  // The package's main entry imports the .wasm as an ES module (Node can't), so we wire the glue by hand.
  const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = fs.readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  loaded = glue.SchemaEngine;
  return loaded;
}

/**
 * A Rust panic inside an engine call traps in a wasm callback run from a promise job: it surfaces as an uncaught
 * RuntimeError and the call's promise never settles. This turns it into a rejection so callers can clean up.
 */
export async function rejectOnWasmTrap<T>(work: () => Promise<T>): Promise<T> {
  let onUncaught: (error: unknown) => void = () => {};
  const trapped = new Promise<never>((_, reject) => {
    onUncaught = (error) => {
      if (error instanceof WebAssembly.RuntimeError) return reject(error);
      // Not ours: behave as Node would with no listener, unless someone else (e.g. vitest) also listens.
      if (process.listenerCount("uncaughtException") === 1) {
        console.error(error);
        process.exit(1);
      }
    };
  });
  process.on("uncaughtException", onUncaught);
  try {
    return await Promise.race([work(), trapped]);
  } finally {
    process.off("uncaughtException", onUncaught);
  }
}
