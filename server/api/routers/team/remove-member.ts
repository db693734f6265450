import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { removeMember as remove } from "@/server/services/team/remove-member";

export const removeMember = orgProcedure("team.manage")
  .input(z.object({ membershipId: z.string().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    remove({ orgId: ctx.orgId, userId: ctx.userId, actorRole: ctx.role, membershipId: input.membershipId }),
  );
