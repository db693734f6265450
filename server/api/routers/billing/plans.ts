import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { planOfferSchema } from "@/server/services/billing/contract";
import { planOffers } from "@/server/services/billing/plans";

export const plans = orgProcedure("billing.read")
  .output(z.array(planOfferSchema))
  .query(() => planOffers());
