import { z } from "zod";
import { env } from "@/lib/env";
import { companyProcedure } from "@/server/api/trpc";
import { createPairingCode as create } from "@/server/integrations/sage100/pairing";

export const createPairingCode = companyProcedure("company.write")
  .output(z.object({ code: z.string(), expiresAt: z.date(), server: z.string() }))
  .mutation(async ({ ctx }) => {
    const { code, expiresAt } = await create({ orgId: ctx.orgId, companyId: ctx.companyId, userId: ctx.userId });
    return { code, expiresAt, server: env().APP_URL };
  });
