import { createRouter } from "@/server/api/trpc";
import { changeRole } from "./change-role";
import { invite } from "./invite";
import { list } from "./list";
import { removeMember } from "./remove-member";
import { resendInvitation } from "./resend-invitation";
import { revokeInvitation } from "./revoke-invitation";

export const teamRouter = createRouter({ list, invite, resendInvitation, revokeInvitation, changeRole, removeMember });
