import { z } from "zod";
import { orgName } from "@/lib/schemas";
import { authedProcedure } from "@/server/api/trpc";
import { createOrganization } from "@/server/services/orgs/create-organization";

export const create = authedProcedure
  .input(z.object({ name: orgName }))
  .mutation(({ ctx, input }) => createOrganization({ userId: ctx.userId, name: input.name }));
