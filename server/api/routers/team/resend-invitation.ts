import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { resendInvitation as resend } from "@/server/services/team/invite-member";

export const resendInvitation = orgProcedure("team.manage")
  .input(z.object({ invitationId: z.string().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    resend({ orgId: ctx.orgId, userId: ctx.userId, actorRole: ctx.role, invitationId: input.invitationId }),
  );
