// Turns a failed KashFlow call into the connection's status and the sentence the company page shows.
import { AppError } from "@/lib/errors";
import type { ConnectionStatus } from "@/server/generated/prisma/enums";

export type ConnectionOutcome = { status: ConnectionStatus; errorCode: string | null; error: string | null };

const EXPIRED_REASONS = new Set([
  "InvalidCredentials",
  "PasswordExpired",
  "InvalidSessionToken",
  "invalid_grant",
  "InvalidMemorableWord",
]);

export function outcomeOfFailure(error: unknown): ConnectionOutcome {
  if (error instanceof AppError) {
    if (error.reason === "AccountLocked") return { status: "LOCKED", errorCode: error.reason, error: error.message };
    if (error.reason && EXPIRED_REASONS.has(error.reason))
      return { status: "EXPIRED", errorCode: error.reason, error: error.message };
    if (error.retryClass === "NEEDS_USER")
      return { status: "EXPIRED", errorCode: error.reason ?? error.code, error: error.message };
    return { status: "ERROR", errorCode: error.reason ?? error.code, error: error.message };
  }
  return { status: "ERROR", errorCode: "INTERNAL", error: "KashFlow could not be reached. Try again in a minute." };
}
