// A KashFlow client for a company's stored connection; refreshed tokens and new session tokens are sealed back.
// Every client shares its account's request budget and login cool-off with every app instance (Postgres), and a
// stored connection renews its sign-in one instance at a time.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import {
  createKashflowClient,
  kashflowBehaviourFromEnv,
  kashflowEndpointsFromEnv,
  kashflowLimitsFromEnv,
  type KashflowClient,
  type KashflowCredentials,
  type KashflowLimits,
  type RenewalLock,
  type TransportObserver,
} from "@/server/integrations/kashflow";
import { openCredentials, sealCredentials } from "./connection-secrets";
import { reachRecorder } from "./connection-reach";
import { connectionRenewalLock } from "./renewal-lock";
import { sharedRequestBudget } from "./shared-budget";
import { sharedLoginGuard } from "./shared-login-guard";
import { apiBaseUrlOf } from "./sandbox-url";

/** One rate limit per KashFlow account: the username when known, else the company's single connection. */
export function accountKeyFor(connection: { companyId: string; apiBaseUrl: string; username: string | null }): string {
  return connection.username
    ? `${connection.apiBaseUrl}|${connection.username.toLowerCase()}`
    : `company:${connection.companyId}`;
}

export function clientForCredentials(o: {
  companyId: string;
  apiBaseUrl: string;
  credentials: KashflowCredentials;
  onChange?: (c: KashflowCredentials) => Promise<void>;
  readOnly?: boolean;
  transport?: TransportObserver;
  limits?: Partial<KashflowLimits>;
  renewalLock?: RenewalLock;
}): KashflowClient {
  const username = o.credentials.method === "SESSION_TOKEN" ? o.credentials.username : null;
  return createKashflowClient({
    accountKey: accountKeyFor({ companyId: o.companyId, apiBaseUrl: o.apiBaseUrl, username }),
    endpoints: { ...kashflowEndpointsFromEnv(), apiBaseUrl: o.apiBaseUrl },
    limits: { ...kashflowLimitsFromEnv(), ...o.limits },
    behaviour: kashflowBehaviourFromEnv(),
    credentials: o.credentials,
    onCredentialsChanged: o.onChange,
    readOnly: o.readOnly,
    transport: o.transport,
    budget: sharedRequestBudget,
    loginGuard: sharedLoginGuard,
    renewalLock: o.renewalLock,
  });
}

/** `limits` overrides the environment's (tests keep retries short). Calls that cannot reach KashFlow are recorded on the connection. */
export async function kashflowClientForCompany(
  companyId: string,
  o: { readOnly?: boolean; limits?: Partial<KashflowLimits> } = {},
): Promise<KashflowClient> {
  const row = await db.kashflowConnection.findUnique({ where: { companyId } });
  if (!row)
    throw new AppError("PRECONDITION_FAILED", "This company is not connected to KashFlow yet.", {
      retryClass: "NEEDS_USER",
      reason: "NotConnected",
    });
  // A sandbox account follows the sandbox to its current address (a restart may have moved it to another port).
  const apiBaseUrl = apiBaseUrlOf(row);
  if (apiBaseUrl !== row.apiBaseUrl) await db.kashflowConnection.update({ where: { companyId }, data: { apiBaseUrl } });
  return clientForCredentials({
    companyId,
    apiBaseUrl,
    credentials: openCredentials(row),
    readOnly: o.readOnly,
    limits: o.limits,
    transport: reachRecorder(companyId, row.failingSince !== null),
    renewalLock: connectionRenewalLock(companyId),
    onChange: async (credentials) => {
      const sealed = sealCredentials(credentials);
      await db.kashflowConnection.update({
        where: { companyId },
        data: { secrets: sealed.secrets, keyId: sealed.keyId, tokenExpiresAt: sealed.tokenExpiresAt },
      });
    },
  });
}
