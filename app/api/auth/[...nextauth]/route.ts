import { BODY_LIMITS, withBodyLimit } from "@/server/http/body-limit";
import { handlers } from "@/server/auth";
import { guardedAuthRoute } from "@/server/auth/route-guard";

export const GET = guardedAuthRoute(handlers.GET);
export const POST = withBodyLimit(BODY_LIMITS.auth, guardedAuthRoute(handlers.POST));
