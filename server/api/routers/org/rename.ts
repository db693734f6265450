import { z } from "zod";
import { orgName } from "@/lib/schemas";
import { orgProcedure } from "@/server/api/trpc";
import { renameOrganization } from "@/server/services/orgs/rename-organization";

export const rename = orgProcedure("org.update")
  .input(z.object({ name: orgName }))
  .mutation(({ ctx, input }) => renameOrganization({ orgId: ctx.orgId, userId: ctx.userId, name: input.name }));
