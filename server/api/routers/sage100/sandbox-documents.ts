import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { listSandboxDocuments } from "@/server/integrations/sage100/sandbox/sandbox-documents";

/** What landed in the sandbox's simulated Sage 100 (only while this process runs the company's sandbox). */
export const sandboxDocuments = companyProcedure("company.read")
  .output(z.object({ running: z.boolean(), documents: z.array(z.object({ kind: z.string(), number: z.string(), party: z.string(), state: z.string(), amount: z.number().nullable(), updatedAt: z.string() })) }))
  .query(({ ctx }) => listSandboxDocuments({ orgId: ctx.orgId, companyId: ctx.companyId }));
