// Public surface of the Stripe stand-in.
export { ADMIN_HEADER } from "./admin";
export { cardBehaviour } from "./domain/cards";
export { SEEDED_LOOKUP_KEYS } from "./seed";
export type { RunningStandin, StripeStandinOptions } from "./standin";
export { createStripeStandin, STANDIN_API_KEY, StripeStandin } from "./standin";
export type { EventObj } from "./store/types";
export type { DeliveryResult, EventOrder } from "./webhooks";
