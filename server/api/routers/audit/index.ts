import { createRouter } from "@/server/api/trpc";
import { list } from "./list";

export const auditRouter = createRouter({ list });
