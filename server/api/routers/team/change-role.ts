import { z } from "zod";
import { role } from "@/lib/schemas";
import { orgProcedure } from "@/server/api/trpc";
import { changeMemberRole } from "@/server/services/team/change-member-role";

export const changeRole = orgProcedure("team.manage")
  .input(z.object({ membershipId: z.string().min(1).max(64), role }))
  .mutation(({ ctx, input }) =>
    changeMemberRole({
      orgId: ctx.orgId,
      userId: ctx.userId,
      actorRole: ctx.role,
      membershipId: input.membershipId,
      role: input.role,
    }),
  );
