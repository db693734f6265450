// The canonical model every flow speaks: money in minor units + ISO currency, ISO dates, pure zod schemas.
export * from "./money";
export * from "./dates";
export * from "./party";
export * from "./item";
export * from "./document-line";
export * from "./payment";
export * from "./sales-invoice";
export * from "./purchase-invoice";
export * from "./journal";
export * from "./stock-level";
export * from "./order-status";
