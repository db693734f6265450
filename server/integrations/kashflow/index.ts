// server/integrations/kashflow — the public surface of the KashFlow REST v2 client.
export { kashflowEndpointsFromEnv, kashflowLimitsFromEnv, DEFAULT_LIMITS, DEFAULT_BEHAVIOUR } from "./config";
export type { KashflowEndpoints, KashflowOAuthEndpoints, KashflowLimits, KashflowBehaviour } from "./config";
export {
  createPkcePair,
  buildAuthorizeUrl,
  exchangeAuthorizationCode,
  refreshAccessToken,
  clientCredentialsToken,
  revokeToken,
} from "./auth/oauth";
export type { OAuthTokens } from "./auth/oauth";
export type { KashflowCredentials } from "./credentials";
export { createKashflowClient } from "./client";
export type { KashflowClient, KashflowClientOptions } from "./client";
export { resetRateLimiters } from "./rate-limit";
export { resetLoginGuard } from "./auth/login-guard";
