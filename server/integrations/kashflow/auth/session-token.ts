// KashFlow's two-step session token (spec §2): password, then three memorable-word characters; the token is
// reused until KashFlow answers 401 InvalidSessionToken, then we sign in again once and retry once.
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { credentialError, schemaError } from "../errors";
import type { KashflowCredentials } from "../credentials";
import { parseJson, type AuthStrategy, type KashflowHttp } from "../http";
import { credentialFingerprint, type LoginGuard } from "./login-guard";
import { noRenewalLock, type RenewalLock } from "./renewal";

export type SessionCredentials = { username: string; password: string; memorableWord: string; sessionToken?: string };

const step1Schema = z.object({
  TemporaryToken: z.string().min(1),
  MemorableWordList: z.array(z.object({ Position: z.coerce.number().int() }).loose()).min(1),
});
const step2Schema = z.object({ SessionToken: z.string().min(1) }).loose();

/** Reasons after which nobody may log in for a while (the person must act in KashFlow). */
const STOP_REASONS = new Set([
  "InvalidCredentials",
  "InvalidMemorableWord",
  "AccountLocked",
  "PasswordExpired",
  "SubscriptionExpired",
]);

export class SessionTokenAuth implements AuthStrategy {
  private token: string | undefined;
  private signingIn: Promise<string> | null = null;
  readonly stats = { logins: 0 };

  constructor(
    private readonly http: KashflowHttp,
    private readonly creds: SessionCredentials,
    private readonly o: {
      accountKey: string;
      scheme: string;
      coolOffMs: number;
      maxFailures: number;
      guard: LoginGuard;
      renewalLock?: RenewalLock;
      onChanged: (c: SessionCredentials) => Promise<void>;
      /** Another instance signed in and stored its token: use it (it is already saved). */
      onAdopted?: (c: SessionCredentials) => void;
    },
  ) {
    this.token = creds.sessionToken || undefined;
  }

  get sessionToken(): string | undefined {
    return this.token;
  }

  async header(): Promise<string> {
    return `${this.o.scheme} ${this.token ?? (await this.signIn())}`;
  }

  async recover(failedHeader: string, error: AppError): Promise<boolean> {
    if (error.reason !== "InvalidSessionToken") {
      // Locked or expired while signed in: remember it so no job tries to sign in meanwhile.
      if (error.reason && STOP_REASONS.has(error.reason)) await this.refused(error);
      return false;
    }
    // Another request already signed in again while this one was in flight.
    if (this.token && failedHeader !== `${this.o.scheme} ${this.token}`) return true;
    this.token = undefined;
    await this.signIn(failedHeader.slice(this.o.scheme.length + 1));
    return true;
  }

  /** DELETE /sessiontoken/{token}: ends the session at KashFlow at once. */
  async logout(): Promise<void> {
    const token = this.token;
    if (!token) return;
    this.token = undefined;
    try {
      await this.http.call(
        {
          method: "DELETE",
          path: `/sessiontoken/${encodeURIComponent(token)}`,
          auth: false,
          action: "signing out of",
          subject: "KashFlow",
        },
        () => undefined,
      );
    } catch (error) {
      // A token KashFlow already forgot is as good as logged out.
      if (!(isAppError(error) && error.reason === "InvalidSessionToken")) throw error;
    }
    await this.o.onChanged({ ...this.creds, sessionToken: undefined });
  }

  /** Single flight: concurrent requests share one login (and, with a renewal lock, every instance's requests). */
  signIn(expiredToken?: string): Promise<string> {
    this.signingIn ??= (this.o.renewalLock ?? noRenewalLock)((stored) =>
      this.signInUnlessStored(stored, expiredToken),
    ).finally(() => {
      this.signingIn = null;
    });
    return this.signingIn;
  }

  /** Another instance may have signed in while we waited for the lock: its stored token is as good as a new one. */
  private async signInUnlessStored(
    stored: KashflowCredentials | null,
    expiredToken: string | undefined,
  ): Promise<string> {
    const theirs =
      stored?.method === "SESSION_TOKEN" && sameLogin(stored, this.creds) ? stored.sessionToken : undefined;
    if (theirs && theirs !== expiredToken && theirs !== this.creds.sessionToken) {
      this.token = theirs;
      this.o.onAdopted?.({ ...this.creds, sessionToken: theirs });
      return theirs;
    }
    return this.doSignIn();
  }

  private async doSignIn(): Promise<string> {
    const fingerprint = credentialFingerprint(this.creds);
    await this.o.guard.assertAllowed(this.o.accountKey, fingerprint);
    let token: string;
    try {
      token = await this.twoStepLogin();
    } catch (error) {
      if (isAppError(error) && error.reason && STOP_REASONS.has(error.reason)) await this.refused(error);
      throw error;
    }
    await this.o.guard.succeeded(this.o.accountKey);
    this.token = token;
    this.stats.logins += 1;
    await this.o.onChanged({ ...this.creds, sessionToken: token });
    return token;
  }

  private refused(error: AppError): Promise<void> {
    return this.o.guard.refused(this.o.accountKey, credentialFingerprint(this.creds), error, {
      coolOffMs: this.o.coolOffMs,
      maxFailures: this.o.maxFailures,
    });
  }

  /** Step 1 then step 2; a transient failure of step 2 starts once more from step 1 (a temporary token answers once). */
  private async twoStepLogin(): Promise<string> {
    try {
      return await this.loginOnce();
    } catch (error) {
      if (isAppError(error) && error.retryClass === "TRANSIENT") return this.loginOnce();
      throw error;
    }
  }

  private async loginOnce(): Promise<string> {
    const base = { auth: false, subject: "KashFlow", action: "signing in to" } as const;
    const step1 = await this.http.call(
      {
        ...base,
        method: "POST",
        path: "/sessiontoken",
        body: { UserName: this.creds.username, Password: this.creds.password },
        idempotent: true,
      },
      (res, ctx) => {
        const parsed = step1Schema.safeParse(parseJson(res, ctx));
        if (!parsed.success) throw schemaError(ctx, parsed.error, "a sign-in answer");
        return parsed.data;
      },
    );
    const word = this.creds.memorableWord.trim();
    const answers = step1.MemorableWordList.map((p) => ({ Position: p.Position, Value: word[p.Position - 1] ?? "" }));
    // Sending a blank character would count as a failed login towards KashFlow's lockout: stop here instead.
    if (answers.some((a) => a.Value === "")) throw credentialError("InvalidMemorableWord");
    try {
      return await this.http.call(
        {
          ...base,
          method: "PUT",
          path: "/sessiontoken",
          body: { TemporaryToken: step1.TemporaryToken, MemorableWordList: answers, KeepUserLoggedIn: false },
          // The temporary token is spent by the first answer; the whole login is retried from step 1 instead.
          idempotent: false,
        },
        (res, ctx) => {
          const parsed = step2Schema.safeParse(parseJson(res, ctx));
          if (!parsed.success) throw schemaError(ctx, parsed.error, "a sign-in answer");
          return parsed.data.SessionToken;
        },
      );
    } catch (error) {
      // Step 2 came too late for the temporary token: a timing problem, so start again from step 1.
      if (isAppError(error) && error.reason === "InvalidTemporaryToken")
        throw new AppError("UPSTREAM", "KashFlow's sign-in step expired; signing in again.", {
          retryClass: "TRANSIENT",
          reason: "InvalidTemporaryToken",
          cause: error,
        });
      throw error;
    }
  }
}

/** The stored credentials are still the ones this client signs in with (a person may have changed them since). */
const sameLogin = (a: SessionCredentials, b: SessionCredentials): boolean =>
  a.username.trim().toLowerCase() === b.username.trim().toLowerCase() &&
  a.password === b.password &&
  a.memorableWord === b.memorableWord;
