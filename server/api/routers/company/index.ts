import { createRouter } from "@/server/api/trpc";
import { create } from "./create";
import { get } from "./get";
import { list } from "./list";
import { pause } from "./pause";
import { resume } from "./resume";
import { startSyncing } from "./start-syncing";
import { update } from "./update";

export const companyRouter = createRouter({ list, get, create, update, pause, resume, startSyncing });
