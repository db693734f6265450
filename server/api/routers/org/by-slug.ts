import { z } from "zod";
import { authedProcedure } from "@/server/api/trpc";
import { getOrganizationBySlug } from "@/server/services/orgs/get-organization-by-slug";

export const bySlug = authedProcedure
  .input(z.object({ slug: z.string().trim().min(1).max(60) }))
  .query(({ ctx, input }) => getOrganizationBySlug({ userId: ctx.userId, slug: input.slug }));
