import { authedProcedure } from "@/server/api/trpc";
import { listMyOrganizations } from "@/server/services/orgs/list-my-organizations";

export const listMine = authedProcedure.query(({ ctx }) => listMyOrganizations({ userId: ctx.userId }));
