// What a KashFlow connection keeps secret, sealed as one value; opened only on the server, never sent to a browser.
import { z } from "zod";
import { decryptSecret, encryptSecret, keyIdOf } from "@/lib/crypto";
import { encryptionKeys, env } from "@/lib/env";
import type { KashflowCredentials } from "@/server/integrations/kashflow";

const storedSecrets = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("SESSION_TOKEN"),
    password: z.string(),
    memorableWord: z.string(),
    sessionToken: z.string().optional(),
  }),
  z.object({
    method: z.literal("OAUTH"),
    accessToken: z.string(),
    refreshToken: z.string().optional(),
    expiresAt: z.iso.datetime().optional(),
    scope: z.string().optional(),
  }),
]);

export type SealedCredentials = {
  secrets: string;
  keyId: string;
  username: string | null;
  tokenExpiresAt: Date | null;
};

export function sealCredentials(credentials: KashflowCredentials): SealedCredentials {
  const key = env().ENCRYPTION_KEY;
  const plain: z.infer<typeof storedSecrets> =
    credentials.method === "SESSION_TOKEN"
      ? {
          method: "SESSION_TOKEN",
          password: credentials.password,
          memorableWord: credentials.memorableWord,
          sessionToken: credentials.sessionToken,
        }
      : {
          method: "OAUTH",
          accessToken: credentials.tokens.accessToken,
          refreshToken: credentials.tokens.refreshToken,
          expiresAt: credentials.tokens.expiresAt?.toISOString(),
          scope: credentials.tokens.scope,
        };
  return {
    secrets: encryptSecret(JSON.stringify(plain), key),
    keyId: keyIdOf(key ?? ""),
    username: credentials.method === "SESSION_TOKEN" ? credentials.username : null,
    tokenExpiresAt: credentials.method === "OAUTH" ? (credentials.tokens.expiresAt ?? null) : null,
  };
}

export function openCredentials(row: { secrets: string; username: string | null }): KashflowCredentials {
  const plain = storedSecrets.parse(JSON.parse(decryptSecret(row.secrets, encryptionKeys())));
  if (plain.method === "SESSION_TOKEN") {
    return {
      method: "SESSION_TOKEN",
      username: row.username ?? "",
      password: plain.password,
      memorableWord: plain.memorableWord,
      sessionToken: plain.sessionToken,
    };
  }
  return {
    method: "OAUTH",
    tokens: {
      accessToken: plain.accessToken,
      refreshToken: plain.refreshToken,
      expiresAt: plain.expiresAt ? new Date(plain.expiresAt) : undefined,
      scope: plain.scope,
    },
  };
}
