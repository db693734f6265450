import { z } from "zod";
import { authedProcedure } from "@/server/api/trpc";
import { previewInvitation } from "@/server/services/team/accept-invitation";

export const preview = authedProcedure
  .input(z.object({ token: z.string().min(10).max(200) }))
  .query(({ ctx, input }) => previewInvitation({ token: input.token, userId: ctx.userId }));
