// The two ways to authenticate (spec §1/§2) as the caller stores them (encrypted) between runs.
import type { OAuthTokens } from "./auth/oauth";

export type KashflowCredentials =
  | { method: "SESSION_TOKEN"; username: string; password: string; memorableWord: string; sessionToken?: string }
  | { method: "OAUTH"; tokens: OAuthTokens };
