import { createRouter } from "@/server/api/trpc";
import { bySlug } from "./by-slug";
import { create } from "./create";
import { listMine } from "./list-mine";
import { rename } from "./rename";

export const orgRouter = createRouter({ listMine, bySlug, create, rename });
