import { z } from "zod";
import { orgProcedure } from "@/server/api/trpc";
import { revokeInvitation as revoke } from "@/server/services/team/revoke-invitation";

export const revokeInvitation = orgProcedure("team.manage")
  .input(z.object({ invitationId: z.string().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    revoke({ orgId: ctx.orgId, userId: ctx.userId, actorRole: ctx.role, invitationId: input.invitationId }),
  );
