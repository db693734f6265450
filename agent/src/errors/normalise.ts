// Any failure of a command -> the protocol's CommandError (code, plain-English message, retry class).
import type { CommandError } from "../protocol";
import { BoiFailure, CommandRefusal, SessionLostError } from "../drivers/boi-failure";
import { findCatalogueEntry } from "./catalogue";

const clip = (s: string, n = 1000) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function classifySageMessage(
  sageMessage: string,
): { id: string; error: Omit<CommandError, "sageMessage" | "sageCode" | "field"> } | null {
  const hit = findCatalogueEntry(sageMessage);
  if (!hit) return null;
  return {
    id: hit.entry.id,
    error: { code: hit.entry.code, retryClass: hit.entry.retryClass, message: clip(hit.entry.explain(hit.groups)) },
  };
}

export function normaliseError(error: unknown): CommandError {
  if (error instanceof BoiFailure) {
    const known = classifySageMessage(error.sageMessage);
    const base = known?.error ?? {
      code: "INTERNAL" as const,
      retryClass: "BUG" as const,
      message: clip(
        error.sageMessage
          ? `Sage 100 refused it: ${error.sageMessage}`
          : `Sage 100 refused ${error.context.call ?? "the call"} without saying why.`,
      ),
    };
    return {
      ...base,
      ...(error.sageMessage ? { sageMessage: clip(error.sageMessage) } : {}),
      ...(error.context.sageCode ? { sageCode: error.context.sageCode.slice(0, 60) } : {}),
      ...(error.context.field ? { field: error.context.field } : {}),
    };
  }
  if (error instanceof CommandRefusal) {
    return {
      code: error.code,
      retryClass: error.code === "UNSUPPORTED" ? "BUG" : "NEEDS_USER",
      message: clip(error.message),
      ...(error.field ? { field: error.field } : {}),
    };
  }
  if (error instanceof SessionLostError) {
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return {
      code: "SESSION_DEAD",
      retryClass: "TRANSIENT",
      message:
        "The connection to Sage 100 failed while working on this. The agent dropped that session and will retry with a new one.",
      sageMessage: clip(cause),
    };
  }
  if (error instanceof Error && error.name === "ZodError") {
    return { code: "INVALID_COMMAND", retryClass: "BUG", message: clip(`The command is malformed: ${error.message}`) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "INTERNAL", retryClass: "BUG", message: clip(`The agent failed unexpectedly: ${message}`) };
}
