// Everything the sandbox remembers: accounts (each with its own books and login), tokens, OAuth clients.
import { randomBytes, randomUUID } from "node:crypto";
import { Clock } from "../clock";
import {
  DEFAULT_BEHAVIOUR,
  DEFAULT_OAUTH,
  type BehaviourConfig,
  type BehaviourPatch,
  type OAuthConfig,
} from "../config";
import { Books, type BooksData } from "./books";

export interface UserRec {
  UserName: string;
  Password: string;
  MemorableWord: string;
  FullName: string;
  FailedAttempts: number;
  LockedUntil: number | null;
  PasswordExpired: boolean;
  SubscriptionExpired: boolean;
}

export interface AccountRec {
  Id: string;
  CreatedAt: string;
  DataSet: "empty" | "demo";
  Seed: number | null;
  User: UserRec;
  /** Per-account behaviour settings layered over the global ones. */
  Overrides: BehaviourPatch;
  books: Books;
}

export interface TempTokenRec {
  Token: string;
  AccountId: string;
  Positions: number[];
  ExpiresAt: number;
}

export interface SessionRec {
  Token: string;
  AccountId: string;
  CreatedAt: number;
  LastUsedAt: number;
}

export interface OAuthClientRec {
  ClientId: string;
  ClientSecret: string | null;
  Name: string;
  RedirectUris: string[];
  /** Client-credentials tokens act on this account (IRIS issues credentials per account). */
  AccountId: string | null;
  Scopes: string[];
  CreatedAt: number;
}

export interface AuthCodeRec {
  Code: string;
  ClientId: string;
  AccountId: string;
  RedirectUri: string;
  RedirectUriExplicit?: boolean;
  CodeChallenge: string | null;
  CodeChallengeMethod: "S256" | "plain" | null;
  Scope: string;
  ExpiresAt: number;
  Used: boolean;
  /** Tokens minted from this code, revoked if the code is replayed (RFC 6749 §4.1.2). */
  IssuedTokens: string[];
}

export interface AccessTokenRec {
  Token: string;
  ClientId: string;
  AccountId: string;
  Scope: string;
  ExpiresAt: number;
}

export interface RefreshTokenRec {
  Token: string;
  ClientId: string;
  AccountId: string;
  Scope: string;
  ExpiresAt: number;
  Revoked: boolean;
}

export interface AccountData {
  Id: string;
  CreatedAt: string;
  DataSet: "empty" | "demo";
  Seed: number | null;
  User: UserRec;
  Overrides: BehaviourPatch;
  books: BooksData;
}

export interface StoreData {
  version: 1;
  savedAt: string;
  accounts: AccountData[];
  sessions: SessionRec[];
  oauthClients: OAuthClientRec[];
  authCodes: AuthCodeRec[];
  accessTokens: AccessTokenRec[];
  refreshTokens: RefreshTokenRec[];
}

/** Opaque GUID tokens, upper-case like KashFlow's SessionToken example. */
export const newGuid = (): string => randomUUID().toUpperCase();
export const newSecret = (prefix: string): string => `${prefix}${randomBytes(24).toString("base64url")}`;

export class SandboxStore {
  readonly accounts = new Map<string, AccountRec>();
  readonly usersByName = new Map<string, string>();
  readonly tempTokens = new Map<string, TempTokenRec>();
  readonly sessions = new Map<string, SessionRec>();
  readonly oauthClients = new Map<string, OAuthClientRec>();
  readonly authCodes = new Map<string, AuthCodeRec>();
  readonly accessTokens = new Map<string, AccessTokenRec>();
  readonly refreshTokens = new Map<string, RefreshTokenRec>();

  behaviour: BehaviourConfig;
  oauth: OAuthConfig;
  latencyMs: number;

  /** Called after any mutation; the persistence layer debounces writes. accountId undefined = global state. */
  onChange: (accountId?: string) => void = () => {};

  constructor(
    readonly clock: Clock = new Clock(),
    opts: { behaviour?: BehaviourPatch; oauth?: Partial<OAuthConfig>; latencyMs?: number } = {},
  ) {
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...opts.behaviour };
    this.oauth = {
      ...DEFAULT_OAUTH,
      ...opts.oauth,
      paths: { ...DEFAULT_OAUTH.paths, ...opts.oauth?.paths },
    };
    this.latencyMs = opts.latencyMs ?? 0;
  }

  now(): number {
    return this.clock.now();
  }

  behaviourFor(account: AccountRec | undefined): BehaviourConfig {
    return account ? { ...this.behaviour, ...account.Overrides } : this.behaviour;
  }

  addAccount(account: AccountRec): void {
    this.accounts.set(account.Id, account);
    this.usersByName.set(account.User.UserName.toLowerCase(), account.Id);
    this.onChange(account.Id);
  }

  removeAccount(id: string): boolean {
    const acc = this.accounts.get(id);
    if (!acc) return false;
    this.accounts.delete(id);
    this.usersByName.delete(acc.User.UserName.toLowerCase());
    for (const [k, s] of this.sessions) if (s.AccountId === id) this.sessions.delete(k);
    for (const [k, t] of this.tempTokens) if (t.AccountId === id) this.tempTokens.delete(k);
    for (const [k, t] of this.accessTokens) if (t.AccountId === id) this.accessTokens.delete(k);
    for (const [k, t] of this.refreshTokens) if (t.AccountId === id) this.refreshTokens.delete(k);
    this.onChange(id);
    this.onChange();
    return true;
  }

  accountByUser(userName: string): AccountRec | undefined {
    const id = this.usersByName.get(userName.trim().toLowerCase());
    return id === undefined ? undefined : this.accounts.get(id);
  }

  isLocked(account: AccountRec): boolean {
    const until = account.User.LockedUntil;
    if (until === null) return false;
    if (until > this.now()) return true;
    account.User.LockedUntil = null;
    account.User.FailedAttempts = 0;
    this.onChange(account.Id);
    return false;
  }

  /** Counts a failed login; locks the user once the threshold is reached. */
  recordFailure(account: AccountRec): void {
    const cfg = this.behaviourFor(account);
    account.User.FailedAttempts += 1;
    if (account.User.FailedAttempts >= cfg.lockoutThreshold) {
      account.User.LockedUntil = this.now() + cfg.lockoutSeconds * 1000;
    }
    this.onChange(account.Id);
  }

  createSession(accountId: string): SessionRec {
    const now = this.now();
    const s: SessionRec = { Token: newGuid(), AccountId: accountId, CreatedAt: now, LastUsedAt: now };
    this.sessions.set(s.Token, s);
    this.onChange();
    return s;
  }

  /** Drops expired temp tokens, sessions, codes and tokens so long-running servers do not grow. */
  sweep(): void {
    const now = this.now();
    for (const [k, t] of this.tempTokens) if (t.ExpiresAt <= now) this.tempTokens.delete(k);
    for (const [k, s] of this.sessions) {
      const acc = this.accounts.get(s.AccountId);
      const idle = this.behaviourFor(acc).sessionIdleSeconds * 1000;
      if (!acc || now - s.LastUsedAt > idle) this.sessions.delete(k);
    }
    for (const [k, c] of this.authCodes) if (c.ExpiresAt <= now - 3_600_000) this.authCodes.delete(k);
    for (const [k, t] of this.accessTokens) if (t.ExpiresAt <= now) this.accessTokens.delete(k);
    for (const [k, t] of this.refreshTokens) if (t.ExpiresAt <= now) this.refreshTokens.delete(k);
  }

  globalData(): Omit<StoreData, "accounts" | "version" | "savedAt"> {
    return {
      sessions: [...this.sessions.values()],
      oauthClients: [...this.oauthClients.values()],
      authCodes: [...this.authCodes.values()],
      accessTokens: [...this.accessTokens.values()],
      refreshTokens: [...this.refreshTokens.values()],
    };
  }

  load(data: StoreData): void {
    for (const a of data.accounts) {
      const account: AccountRec = {
        Id: a.Id,
        CreatedAt: a.CreatedAt,
        DataSet: a.DataSet,
        Seed: a.Seed,
        User: a.User,
        Overrides: a.Overrides ?? {},
        books: Books.fromData(a.books),
      };
      this.accounts.set(account.Id, account);
      this.usersByName.set(account.User.UserName.toLowerCase(), account.Id);
    }
    for (const s of data.sessions ?? []) this.sessions.set(s.Token, s);
    for (const c of data.oauthClients ?? []) this.oauthClients.set(c.ClientId, c);
    for (const c of data.authCodes ?? []) this.authCodes.set(c.Code, c);
    for (const t of data.accessTokens ?? []) this.accessTokens.set(t.Token, t);
    for (const t of data.refreshTokens ?? []) this.refreshTokens.set(t.Token, t);
  }
}
