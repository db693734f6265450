import { createRouter } from "@/server/api/trpc";
import { getDay } from "./get-day";
import { listDays } from "./list-days";
import { recomputeDay } from "./recompute-day";

export const tieOutRouter = createRouter({ listDays, getDay, recompute: recomputeDay });
