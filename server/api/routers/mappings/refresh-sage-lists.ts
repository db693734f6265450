import { z } from "zod";
import { REFERENCE_LISTS } from "@/agent/src/protocol/reference-lists";
import { companyProcedure } from "@/server/api/trpc";
import { refreshReferenceLists } from "@/server/integrations/sage100/reference-lists/refresh";

/** "Refresh from Sage 100": the agent reads the G/L accounts, tax classes and bank codes the mapping forms offer. */
export const refreshSageLists = companyProcedure("company.write")
  .output(
    z.object({
      fetchedAt: z.date(),
      lists: z.array(
        z.object({
          list: z.enum(REFERENCE_LISTS),
          rowCount: z.number().nullable(),
          truncated: z.boolean(),
          error: z.string().nullable(),
        }),
      ),
    }),
  )
  .mutation(({ ctx }) => refreshReferenceLists({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId }));
