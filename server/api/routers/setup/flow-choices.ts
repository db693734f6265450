import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { getFlowChoices } from "@/server/services/setup/flow-choices";

export const flowChoices = companyProcedure("company.read")
  .output(
    z.object({
      flows: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          direction: z.string(),
          on: z.boolean(),
          note: z.string().nullable(),
        }),
      ),
      reviewedAt: z.date().nullable(),
    }),
  )
  .query(({ ctx }) => getFlowChoices({ orgId: ctx.orgId, companyId: ctx.companyId }));
