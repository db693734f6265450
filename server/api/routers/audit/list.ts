import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { listAuditLog } from "@/server/services/audit-log";

export const list = orgProcedure("org.read")
  .input(z.object({ companyId: z.string().min(1).max(64).optional(), before: z.date().optional() }))
  .query(({ ctx, input }) => listAuditLog({ orgId: ctx.orgId, companyId: input.companyId, before: input.before }));
