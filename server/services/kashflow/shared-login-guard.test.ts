// Refused KashFlow logins remembered in Postgres: a refusal seen by one instance stops the others' logins too (no
// login request reaches KashFlow), repeated refusals and a locked account pause the whole account, success clears.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, isAppError } from "@/lib/errors";
import { credentialFingerprint, resetLoginGuard } from "@/server/integrations/kashflow";
import { clientForCredentials } from "./client-for-company";
import { sharedLoginGuard } from "./shared-login-guard";
import { startRecordingSandbox, type RecordingSandbox } from "./testing/recording-sandbox";

let kf: RecordingSandbox;
beforeAll(async () => {
  kf = await startRecordingSandbox();
});
afterAll(async () => {
  await kf.close();
});

type Account = { AccountId: string; UserName: string; Password: string; MemorableWord: string };

/** A client as a fresh instance would build it: nothing of earlier clients is left in this process's memory. */
function freshInstanceClient(acc: Account, over: { password?: string; memorableWord?: string } = {}) {
  resetLoginGuard();
  return clientForCredentials({
    companyId: `company-${acc.AccountId}`,
    apiBaseUrl: kf.apiBaseUrl,
    credentials: {
      method: "SESSION_TOKEN",
      username: acc.UserName,
      password: acc.Password,
      memorableWord: acc.MemorableWord,
      ...over,
    },
    limits: { requestsPerWindow: 0, timeoutMs: 5_000, maxRetries: 1, retryBaseDelayMs: 5 },
  });
}

const logins = (since: number) =>
  kf.arrivals.filter((a) => a.at >= since && a.method === "POST" && a.path === "/v2/sessiontoken").length;

async function failure(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("shared KashFlow login guard", () => {
  it("a wrong password refused on one instance is not tried again by another during the cool-off", async () => {
    const acc = await kf.admin<Account>("POST", "/accounts", { DataSet: "empty" });
    const since = Date.now();
    const first = await failure(freshInstanceClient(acc, { password: "wrong" }).companyDetails());
    expect(first.reason).toBe("InvalidCredentials");
    expect(logins(since)).toBe(1);
    const second = await failure(freshInstanceClient(acc, { password: "wrong" }).companyDetails());
    expect(second.reason).toBe("InvalidCredentials");
    expect(second.retryClass).toBe("NEEDS_USER");
    expect(second.message).toMatch(/paused sign-in attempts for about 10 minutes/);
    expect(logins(since)).toBe(1);
    // Other credentials (the person typed the right password) may still sign in.
    await expect(freshInstanceClient(acc).companyDetails()).resolves.toEqual({ companyName: expect.any(String) });
  });

  it("after three refusals with different credentials every login of the account pauses, the right one too", async () => {
    const acc = await kf.admin<Account>("POST", "/accounts", { DataSet: "empty" });
    const since = Date.now();
    for (const password of ["wrong-1", "wrong-2", "wrong-3"])
      await failure(freshInstanceClient(acc, { password }).companyDetails());
    expect(logins(since)).toBe(3);
    const blocked = await failure(freshInstanceClient(acc).companyDetails());
    expect(blocked.message).toMatch(/paused sign-in attempts/);
    expect(logins(since)).toBe(3);
  });

  it("a locked account stops every instance's logins at once, whatever the credentials", async () => {
    const acc = await kf.admin<Account>("POST", "/accounts", { DataSet: "empty" });
    await kf.admin("PATCH", `/accounts/${acc.AccountId}`, { Locked: true });
    const since = Date.now();
    expect((await failure(freshInstanceClient(acc).companyDetails())).reason).toBe("AccountLocked");
    const other = await failure(freshInstanceClient(acc, { password: "another" }).companyDetails());
    expect(other.reason).toBe("AccountLocked");
    expect(logins(since)).toBe(1);
  });

  it("refusals recorded by instances at the same moment are all counted; a success forgets them", async () => {
    const accountKey = `test|${randomUUID()}`;
    const o = { coolOffMs: 60_000, maxFailures: 3 };
    const refused = new AppError("PRECONDITION_FAILED", "KashFlow did not accept the password.", {
      retryClass: "NEEDS_USER",
      reason: "InvalidCredentials",
    });
    const fp = (password: string) => credentialFingerprint({ username: "u", password, memorableWord: "w" });
    await Promise.all(["a", "b", "c"].map((p) => sharedLoginGuard.refused(accountKey, fp(p), refused, o)));
    // The third refusal, whichever instance recorded it, paused the whole account.
    await expect(sharedLoginGuard.assertAllowed(accountKey, fp("d"))).rejects.toThrow(/paused sign-in attempts/);
    await sharedLoginGuard.succeeded(accountKey);
    await expect(sharedLoginGuard.assertAllowed(accountKey, fp("a"))).resolves.toBeUndefined();
  });

  it("a cool-off ends", async () => {
    const accountKey = `test|${randomUUID()}`;
    const refused = new AppError("PRECONDITION_FAILED", "KashFlow did not accept the password.", {
      retryClass: "NEEDS_USER",
      reason: "InvalidCredentials",
    });
    const fp = credentialFingerprint({ username: "u", password: "p", memorableWord: "w" });
    await sharedLoginGuard.refused(accountKey, fp, refused, { coolOffMs: 300, maxFailures: 3 });
    await expect(sharedLoginGuard.assertAllowed(accountKey, fp)).rejects.toThrow(/about 1 minute/);
    await new Promise((r) => setTimeout(r, 350));
    await expect(sharedLoginGuard.assertAllowed(accountKey, fp)).resolves.toBeUndefined();
  });
});
