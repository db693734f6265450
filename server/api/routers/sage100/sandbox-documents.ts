import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { listSandboxDocuments } from "@/server/integrations/sage100/sandbox-gateway";

/** What landed in the sandbox's simulated Sage 100, newest first or those matching a number or party (only while this process runs the company's sandbox). */
export const sandboxDocuments = companyProcedure("company.read")
  .input(z.object({ query: z.string().trim().max(40).optional() }))
  .output(
    z.object({
      running: z.boolean(),
      documents: z.array(
        z.object({
          kind: z.string(),
          number: z.string(),
          party: z.string(),
          state: z.string(),
          amount: z.number().nullable(),
          updatedAt: z.string(),
        }),
      ),
    }),
  )
  .query(({ ctx, input }) => listSandboxDocuments({ orgId: ctx.orgId, companyId: ctx.companyId, query: input.query }));
