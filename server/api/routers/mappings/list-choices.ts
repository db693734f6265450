import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { listMappingChoices } from "@/server/services/mappings/mapping-choices";
import { mappingKind } from "@/server/sync/mappings/kinds";

/** What the form can offer to pick from: KashFlow's keys (live) and Sage 100's values (where they can be listed). */
export const listChoices = companyProcedure("company.read")
  .input(z.object({ kind: mappingKind }))
  .query(({ ctx, input }) => listMappingChoices({ orgId: ctx.orgId, companyId: ctx.companyId, kind: input.kind }));
