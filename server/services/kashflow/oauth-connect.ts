// Connecting through KashFlow's OAuth authorization: a single-use state bound to the user and company, PKCE,
// and the code exchanged on our callback. The company page never sees a token.
import { encryptSecret, decryptSecret } from "@/lib/crypto";
import { encryptionKeys, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashToken, newToken } from "@/lib/tokens";
import { db, transaction } from "@/server/db";
import {
  buildAuthorizeUrl,
  createPkcePair,
  exchangeAuthorizationCode,
  kashflowEndpointsFromEnv,
} from "@/server/integrations/kashflow";
import { can } from "@/server/services/roles";
import { clientForCredentials } from "./client-for-company";
import { saveConnection } from "./save-connection";

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

function oauthEndpoints() {
  const oauth = kashflowEndpointsFromEnv().oauth;
  if (!oauth)
    throw new AppError(
      "PRECONDITION_FAILED",
      "Connecting through KashFlow sign-in is not configured on this server. Use your username and password instead.",
    );
  return oauth;
}

export function kashflowCallbackUrl(): string {
  return new URL("/api/kashflow/callback", env().APP_URL).toString();
}

export async function startKashflowOAuth({ companyId, userId }: { companyId: string; userId: string }) {
  const oauth = oauthEndpoints();
  const state = newToken();
  const { codeVerifier, codeChallenge } = createPkcePair();
  const redirectUri = kashflowCallbackUrl();
  await db.kashflowOAuthState.create({
    data: {
      companyId,
      userId,
      stateHash: hashToken(state),
      codeVerifier: encryptSecret(codeVerifier, env().ENCRYPTION_KEY),
      redirectUri,
      expiresAt: new Date(Date.now() + OAUTH_STATE_TTL_MS),
    },
  });
  return { authorizeUrl: buildAuthorizeUrl({ oauth, redirectUri, state, codeChallenge }) };
}

export type OAuthCallback = { userId: string; state: string | null; code: string | null; error: string | null };

/** Why a callback failed, as a code the company page turns into a sentence. */
export type OAuthFailure = "state" | "denied" | "exchange" | "forbidden";

export class OAuthCallbackError extends Error {
  constructor(
    readonly failure: OAuthFailure,
    readonly company: { orgSlug: string; companyId: string } | null,
    message: string,
  ) {
    super(message);
  }
}

export async function completeKashflowOAuth(cb: OAuthCallback) {
  const row = cb.state
    ? await db.kashflowOAuthState.findUnique({
        where: { stateHash: hashToken(cb.state) },
        include: { company: { select: { orgId: true, org: { select: { slug: true } } } } },
      })
    : null;
  // A state of another user is answered exactly like an unknown one: it reveals nothing.
  if (!row || row.userId !== cb.userId)
    throw new OAuthCallbackError(
      "state",
      null,
      "This KashFlow sign-in is not known. Start again from the company page.",
    );
  const company = { orgSlug: row.company.org.slug, companyId: row.companyId };
  const claimed = await db.kashflowOAuthState.updateMany({
    where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (claimed.count === 0)
    throw new OAuthCallbackError("state", company, "This KashFlow sign-in was already used or has expired.");
  const membership = await db.membership.findUnique({
    where: { orgId_userId: { orgId: row.company.orgId, userId: cb.userId } },
    select: { role: true },
  });
  if (!membership || !can(membership.role, "company.write"))
    throw new OAuthCallbackError("forbidden", null, "You may no longer change this company.");
  if (cb.error || !cb.code) throw new OAuthCallbackError("denied", company, "KashFlow sign-in was cancelled.");

  const oauth = oauthEndpoints();
  const apiBaseUrl = kashflowEndpointsFromEnv().apiBaseUrl;
  try {
    const tokens = await exchangeAuthorizationCode({
      oauth,
      code: cb.code,
      codeVerifier: decryptSecret(row.codeVerifier, encryptionKeys()),
      redirectUri: row.redirectUri,
    });
    let credentials = { method: "OAUTH" as const, tokens };
    const client = clientForCredentials({
      companyId: row.companyId,
      apiBaseUrl,
      credentials,
      onChange: async (c) => void (c.method === "OAUTH" && (credentials = c)),
    });
    const { companyName } = await client.companyDetails();
    await transaction((tx) =>
      saveConnection(tx, {
        orgId: row.company.orgId,
        companyId: row.companyId,
        userId: cb.userId,
        authMethod: "OAUTH",
        apiBaseUrl,
        credentials,
        accountName: companyName,
      }),
    );
    return company;
  } catch (error) {
    const message = error instanceof AppError ? error.message : "KashFlow did not complete the connection.";
    throw new OAuthCallbackError("exchange", company, message);
  }
}
