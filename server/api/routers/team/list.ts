import { orgProcedure } from "@/server/api/trpc";
import { listTeam } from "@/server/services/team/list-team";

export const list = orgProcedure("org.read").query(({ ctx }) => listTeam({ orgId: ctx.orgId }));
