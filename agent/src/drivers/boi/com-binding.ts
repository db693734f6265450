// THE one file that touches COM: creates a "ProvideX.Script" through winax and by-ref Variants. Loaded only on
// Windows, only by the boi driver; everything else talks to the structural BOI types.
import { createRequire } from "node:module";
import type { BoiRef, BoiScript } from "../boi-types";

type Winax = {
  Object: new (progId: string, options?: { activate?: boolean }) => unknown;
  Variant: new (value: unknown, type: "byref") => BoiRef & object;
  release?: (...objects: unknown[]) => void;
};

let winax: Winax | undefined;

function load(): Winax {
  if (process.platform !== "win32")
    throw new Error("The boi driver needs Windows (COM). Use --driver simulator elsewhere.");
  // A computed require keeps bundlers and non-Windows installs from ever resolving the native module.
  const name = ["win", "ax"].join("");
  try {
    winax ??= createRequire(import.meta.url)(name) as Winax;
  } catch (error) {
    throw new Error(
      `The winax COM binding is not installed (npm install winax on the Sage 100 server): ${(error as Error).message}`,
    );
  }
  return winax;
}

export function createComScript(): BoiScript {
  return new (load().Object)("ProvideX.Script") as BoiScript;
}

export function makeComRef<T>(initial: T): BoiRef<T> & object {
  return new (load().Variant)(initial, "byref") as BoiRef<T> & object;
}

/** Releases COM references right away instead of waiting for the garbage collector. */
export function releaseCom(...objects: unknown[]): void {
  winax?.release?.(...objects);
}
