// A Checkout session in API version 2026-10-28's shape, subscription mode, hosted on the stand-in.
import type { CheckoutSessionObj } from "../store/types";
import { DAY } from "./pricing";

export interface CheckoutInput {
  customer: string | null;
  customerEmail: string | null;
  lines: { price: string; quantity: number }[];
  successUrl: string;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  subscriptionMetadata: Record<string, string>;
  trialEnd: number | null;
  trialPeriodDays: number | null;
  automaticTax: boolean;
}

export function buildCheckoutSession(
  now: number,
  o: { id: string; input: CheckoutInput; amount: number; currency: string; url: string },
): CheckoutSessionObj {
  const { id, input, amount, currency, url } = o;
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: {
      enabled: input.automaticTax,
      liability: input.automaticTax ? { type: "self" } : null,
      provider: null,
      status: null,
    },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.customer ? null : "always",
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: now + DAY,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    metadata: input.metadata,
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url,
    wallet_options: null,
  };
}
