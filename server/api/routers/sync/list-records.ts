import { companyProcedure } from "@/server/api/trpc";
import { listSyncRecords, recordFilterSchema } from "@/server/services/sync/list-sync-records";

export const listRecords = companyProcedure("company.read")
  .input(recordFilterSchema)
  .query(({ ctx, input }) => {
    const { companyId: _companyId, ...filter } = input;
    return listSyncRecords({ orgId: ctx.orgId, companyId: ctx.companyId, filter });
  });
