import { createRouter } from "@/server/api/trpc";
import { company } from "./company";
import { listCompanies } from "./list-companies";

export const healthRouter = createRouter({ company, listCompanies });
