import { z } from "zod";
import { authedProcedure } from "@/server/api/trpc";
import { acceptInvitation } from "@/server/services/team/accept-invitation";

export const accept = authedProcedure
  .input(z.object({ token: z.string().min(10).max(200) }))
  .mutation(({ ctx, input }) => acceptInvitation({ token: input.token, userId: ctx.userId }));
