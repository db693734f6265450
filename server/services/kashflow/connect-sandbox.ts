// "Try with a sandbox": a fresh KashFlow sandbox account with demo books, connected like a real one.
import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { connectWithPassword } from "./connect-with-password";

const createdAccount = z.object({
  AccountId: z.string(),
  UserName: z.string(),
  Password: z.string(),
  MemorableWord: z.string(),
  ApiBaseUrl: z.string(),
});

export async function connectKashflowSandbox({
  orgId,
  companyId,
  userId,
}: {
  orgId: string;
  companyId: string;
  userId: string;
}) {
  const { KASHFLOW_SANDBOX_URL, KASHFLOW_SANDBOX_ADMIN_KEY } = env();
  if (!KASHFLOW_SANDBOX_URL)
    throw new AppError("PRECONDITION_FAILED", "No KashFlow sandbox is configured on this server.");
  const company = await db.company.findFirstOrThrow({ where: { id: companyId, orgId }, select: { name: true } });
  const res = await fetch(new URL("/admin/accounts", KASHFLOW_SANDBOX_URL), {
    method: "POST",
    headers: { "content-type": "application/json", "x-admin-key": KASHFLOW_SANDBOX_ADMIN_KEY ?? "sandbox-admin" },
    body: JSON.stringify({
      CompanyName: `${company.name} (sandbox)`,
      DataSet: "demo",
      Seed: Math.floor(Math.random() * 1e6),
    }),
    signal: AbortSignal.timeout(30_000),
  }).catch((error: unknown) => {
    throw new AppError("UPSTREAM", "The KashFlow sandbox is not reachable right now. Try again in a minute.", {
      retryClass: "TRANSIENT",
      cause: error,
    });
  });
  const parsed = createdAccount.safeParse(await res.json().catch(() => null));
  if (!res.ok || !parsed.success)
    throw new AppError("UPSTREAM", `The KashFlow sandbox could not create an account (HTTP ${res.status}).`, {
      retryClass: "TRANSIENT",
    });
  const account = parsed.data;
  return connectWithPassword({
    orgId,
    companyId,
    userId,
    username: account.UserName,
    password: account.Password,
    memorableWord: account.MemorableWord,
    apiBaseUrl: account.ApiBaseUrl,
    sandboxAccountId: account.AccountId,
  });
}
