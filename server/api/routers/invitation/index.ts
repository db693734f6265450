import { createRouter } from "@/server/api/trpc";
import { accept } from "./accept";
import { preview } from "./preview";

export const invitationRouter = createRouter({ preview, accept });
