import { createRouter } from "@/server/api/trpc";
import { openPortal } from "./open-portal";
import { pairCheck } from "./pair-check";
import { plans } from "./plans";
import { startCheckout } from "./start-checkout";
import { status } from "./status";

export const billingRouter = createRouter({ status, plans, startCheckout, openPortal, pairCheck });
