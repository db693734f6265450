import { createRouter } from "@/server/api/trpc";
import { create } from "./create";
import { get } from "./get";
import { list } from "./list";
import { update } from "./update";

export const companyRouter = createRouter({ list, get, create, update });
