import { BODY_LIMITS, withBodyLimit } from "@/server/http/body-limit";
import { handlers } from "@/server/auth";

export const GET = handlers.GET;
export const POST = withBodyLimit(BODY_LIMITS.auth, handlers.POST);
