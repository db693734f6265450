// Test support: one "app instance" — a separate Node process on the test database that builds its KashFlow clients
// the way the app does (kashflowClientForCompany) and runs the jobs its parent sends, all at the parent's "go".
//   fork("instance-child.ts", { execArgv: ["--import", "tsx"] }) → { kind: "ready" }; send a Job → { kind: "done", … }
import { isAppError } from "@/lib/errors";
import { db } from "@/server/db";
import { createKashflowClient, type KashflowClient, type KashflowLimits } from "@/server/integrations/kashflow";
import { accountKeyFor, kashflowClientForCompany } from "../client-for-company";
import { openCredentials } from "../connection-secrets";

export type Job = {
  kind: "job";
  companyId: string;
  /** "app": the production path (shared budget, login guard, renewal lock); "alone": a bare client, as before. */
  mode: "app" | "alone";
  calls: number;
  limits: Partial<KashflowLimits>;
};

export type JobResult = {
  kind: "done";
  ok: number;
  failed: { reason: string | null; message: string }[];
  credentials: unknown;
};

async function clientFor(job: Job): Promise<KashflowClient> {
  if (job.mode === "app") return kashflowClientForCompany(job.companyId, { limits: job.limits });
  const row = await db.kashflowConnection.findUniqueOrThrow({ where: { companyId: job.companyId } });
  const credentials = openCredentials(row);
  return createKashflowClient({
    accountKey: accountKeyFor({ companyId: job.companyId, apiBaseUrl: row.apiBaseUrl, username: row.username }),
    endpoints: {
      apiBaseUrl: row.apiBaseUrl,
      oauth: {
        authorizeUrl: process.env.KASHFLOW_OAUTH_AUTHORIZE_URL ?? "",
        tokenUrl: process.env.KASHFLOW_OAUTH_TOKEN_URL ?? "",
        clientId: process.env.KASHFLOW_OAUTH_CLIENT_ID ?? "",
        clientSecret: process.env.KASHFLOW_OAUTH_CLIENT_SECRET,
      },
    },
    credentials,
    limits: job.limits,
  });
}

async function run(job: Job): Promise<JobResult> {
  const client = await clientFor(job);
  const outcomes = await Promise.allSettled(
    Array.from({ length: job.calls }, (_, i) => (i === 0 ? client.companyDetails() : client.metadata())),
  );
  const failed = outcomes.flatMap((o) =>
    o.status === "rejected"
      ? [
          {
            reason: isAppError(o.reason) ? (o.reason.reason ?? null) : null,
            message: String(o.reason instanceof Error ? o.reason.message : o.reason),
          },
        ]
      : [],
  );
  const c = client.credentials();
  return {
    kind: "done",
    ok: job.calls - failed.length,
    failed,
    credentials:
      c.method === "OAUTH"
        ? { accessToken: c.tokens.accessToken, refreshToken: c.tokens.refreshToken }
        : { sessionToken: c.sessionToken },
  };
}

process.on("message", (message: Job | { kind: "exit" }) => {
  if (message.kind === "exit") {
    void db.$disconnect().finally(() => process.exit(0));
    return;
  }
  void run(message).then(
    (result) => process.send?.(result),
    (error: unknown) =>
      process.send?.({
        kind: "done",
        ok: 0,
        failed: [{ reason: "crashed", message: String(error) }],
        credentials: null,
      }),
  );
});
process.send?.({ kind: "ready" });
