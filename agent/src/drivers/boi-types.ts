// The BOI object API as command logic sees it. Re-exported from the simulator's structural types, which a winax
// COM object satisfies too (type-only import: nothing of the simulator is loaded by the boi driver).
export type { BoiRef, BoiObject, BoiScript, BoiSession, BoiDataObject, BoiLines, BoiDocument, BoiBatchDocument, BoiUpdate } from "../../../sandbox/sage100/boi/com-types";
