// The one error type: a closed list of codes, a plain-English message, optional field errors, and a retry class.

export const ERROR_CODES = [
  "BAD_REQUEST", // input failed validation; fieldErrors says what to fix
  "UNAUTHORIZED", // not signed in
  "FORBIDDEN", // signed in and a member, but the role may not do this
  "NOT_FOUND", // does not exist, or belongs to another tenant (never say which)
  "CONFLICT", // duplicate or state clash (already invited, already a member)
  "PRECONDITION_FAILED", // a rule of the domain refuses it (last owner, expired invitation)
  "RATE_LIMITED",
  "UPSTREAM", // an external system failed
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** How a sync failure is handled: retried with backoff, retried after Retry-After, held for a person, or dead-lettered. */
export type RetryClass = "TRANSIENT" | "RATE_LIMITED" | "NEEDS_USER" | "BUG";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  readonly retryClass?: RetryClass;
  readonly retryAfterMs?: number;
  /** The external system's own machine code (e.g. KashFlow's "AccountLocked"), for decisions and the timeline. */
  readonly reason?: string;

  constructor(
    code: ErrorCode,
    message: string,
    options?: {
      fieldErrors?: FieldErrors;
      retryClass?: RetryClass;
      retryAfterMs?: number;
      reason?: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
    this.retryClass = options?.retryClass;
    this.retryAfterMs = options?.retryAfterMs;
    this.reason = options?.reason;
  }

  static notFound(what: string): AppError {
    return new AppError("NOT_FOUND", `${what} not found.`);
  }

  static forbidden(message = "Your role does not allow this."): AppError {
    return new AppError("FORBIDDEN", message);
  }

  static field(field: string, message: string, code: ErrorCode = "BAD_REQUEST"): AppError {
    return new AppError(code, message, { fieldErrors: { [field]: [message] } });
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
