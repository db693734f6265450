import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { getTieOutDay, tieOutDay } from "@/server/services/tie-out/tie-out";

export const getDay = companyProcedure("company.read")
  .input(z.object({ day: tieOutDay }))
  .query(({ ctx, input }) => getTieOutDay({ orgId: ctx.orgId, companyId: ctx.companyId, day: input.day }));
