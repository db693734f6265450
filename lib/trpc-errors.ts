// Reads the field errors and message our tRPC errorFormatter puts on every error, for forms to show.
export type FormErrors = { message: string | null; fields: Record<string, string[]> };

export function formErrors(error: unknown): FormErrors {
  if (!error || typeof error !== "object") return { message: null, fields: {} };
  const e = error as { message?: string; data?: { fieldErrors?: Record<string, string[]> | null } | null };
  const fields = e.data?.fieldErrors ?? {};
  const hasFields = Object.keys(fields).length > 0;
  return { message: hasFields ? null : (e.message ?? "Something went wrong."), fields };
}
