import { z } from "zod";
import { email, role } from "@/lib/schemas";
import { orgProcedure } from "@/server/api/trpc";
import { inviteMember } from "@/server/services/team/invite-member";

export const invite = orgProcedure("team.manage")
  .input(z.object({ email, role }))
  .mutation(({ ctx, input }) =>
    inviteMember({ orgId: ctx.orgId, userId: ctx.userId, actorRole: ctx.role, email: input.email, role: input.role }),
  );
