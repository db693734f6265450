import { handlers } from "@/server/auth";
import { guardedAuthRoute } from "@/server/auth/route-guard";

export const GET = guardedAuthRoute(handlers.GET);
export const POST = guardedAuthRoute(handlers.POST);
