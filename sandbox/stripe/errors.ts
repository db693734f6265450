// Stripe's error shape: `{ error: { type, code, message, param } }` with its status codes (400, 401, 402, 404).

export type StripeErrorType = "invalid_request_error" | "card_error" | "idempotency_error" | "api_error";

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "StripeApiError";
  }

  body(): { error: Record<string, unknown> } {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code
          ? { code: this.code, doc_url: `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}` }
          : {}),
        ...(this.param ? { param: this.param } : {}),
        ...this.extra,
      },
    };
  }
}

const KIND_NAMES: Record<string, string> = {
  cus: "customer",
  price: "price",
  prod: "product",
  cs: "checkout.session",
  bps: "billing_portal.session",
  sub: "subscription",
  in: "invoice",
  evt: "event",
};

/** `No such customer: 'cus_…'` — Stripe's 404 for an unknown id. */
export function noSuch(kind: keyof typeof KIND_NAMES | string, id: string, param = "id"): StripeApiError {
  const name = KIND_NAMES[kind] ?? kind;
  return new StripeApiError(404, "invalid_request_error", `No such ${name}: '${id}'`, "resource_missing", param);
}

export const invalid = (message: string, param?: string, code = "parameter_invalid"): StripeApiError =>
  new StripeApiError(400, "invalid_request_error", message, code, param);

export const missing = (param: string): StripeApiError =>
  new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);

export const cardDeclined = (message = "Your card was declined."): StripeApiError =>
  new StripeApiError(402, "card_error", message, "card_declined", undefined, { decline_code: "generic_decline" });

export const unauthorized = (message: string): StripeApiError =>
  new StripeApiError(401, "invalid_request_error", message);

export function idempotencyMismatch(key: string): StripeApiError {
  return new StripeApiError(
    400,
    "idempotency_error",
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}
