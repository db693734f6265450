import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { listRecentCommands } from "@/server/integrations/sage100/command-queue";

export const listCommands = companyProcedure("company.read")
  .output(
    z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        idempotencyKey: z.string(),
        status: z.enum(["QUEUED", "LEASED", "DONE", "FAILED"]),
        attempts: z.number(),
        errorCode: z.string().nullable(),
        errorMessage: z.string().nullable(),
        retryClass: z.string().nullable(),
        createdAt: z.date(),
        completedAt: z.date().nullable(),
      }),
    ),
  )
  .query(({ ctx }) => listRecentCommands({ orgId: ctx.orgId, companyId: ctx.companyId }));
