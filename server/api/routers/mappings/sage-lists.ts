import { z } from "zod";
import { REFERENCE_LISTS } from "@/agent/src/protocol/reference-lists";
import { companyProcedure } from "@/server/api/trpc";
import { sageListsStatus } from "@/server/services/mappings/sage-lists-status";

/** Sage 100's lists as last read (counts and when) and whether the agent could read them now. */
export const sageLists = companyProcedure("company.read")
  .output(
    z.object({
      agent: z.enum(["online", "offline", "paused", "none"]),
      lists: z.array(
        z.object({ list: z.enum(REFERENCE_LISTS), rowCount: z.number(), truncated: z.boolean(), fetchedAt: z.date() }),
      ),
    }),
  )
  .query(({ ctx }) => sageListsStatus({ orgId: ctx.orgId, companyId: ctx.companyId }));
