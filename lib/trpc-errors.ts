// Reads the field errors and message our tRPC errorFormatter puts on every error, for forms to show.
export type FormErrors = { message: string | null; fields: Record<string, string[]> };

export function formErrors(error: unknown): FormErrors {
  if (!error || typeof error !== "object") return { message: null, fields: {} };
  const e = error as { message?: string; data?: { fieldErrors?: Record<string, string[]> | null } | null };
  const fields = e.data?.fieldErrors ?? {};
  const hasFields = Object.keys(fields).length > 0;
  return { message: hasFields ? null : (e.message ?? "Something went wrong."), fields };
}

/** The AppError reason code our errorFormatter passes on (e.g. "PlanLimitReached"), for screens to decide on; never the message. */
export function errorReason(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const reason = (error as { data?: { reason?: unknown } | null }).data?.reason;
  return typeof reason === "string" ? reason : null;
}
