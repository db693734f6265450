// createKashflowClient: one object per job, sharing the account's rate limiter and login cool-off with every
// other client of the same accountKey — in this process, or across instances when the caller injects a shared
// request budget, login guard and renewal lock.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { OAuthAuth, revokeToken } from "./auth/oauth";
import { SessionTokenAuth } from "./auth/session-token";
import {
  DEFAULT_BEHAVIOUR,
  DEFAULT_LIMITS,
  type KashflowBehaviour,
  type KashflowEndpoints,
  type KashflowLimits,
} from "./config";
import type { KashflowCredentials } from "./credentials";
import { schemaError } from "./errors";
import { KashflowHttp, parseJson, type TransportObserver } from "./http";
import { limiterFor, type RequestGate } from "./rate-limit";
import { budgetedLimiterFor, type RequestBudget } from "./request-budget";
import { memoryLoginGuard, type LoginGuard } from "./auth/login-guard";
import type { RenewalLock } from "./auth/renewal";
import type { ClientCore } from "./client-core";
import { summariseAudit, type AuditChange, type AuditCursor } from "./change-detection";
import { auditResource, type AuditQuery } from "./resources/audit";
import {
  invoicesResource,
  purchasesResource,
  type InvoicesResource,
  type PurchasesResource,
} from "./resources/documents";
import { customersResource, suppliersResource, type PartyResource } from "./resources/parties";
import { productsResource, type ProductsResource } from "./resources/products";
import { referenceResource, type ReferenceResource } from "./resources/reference";
import type { KfAuditRow } from "./schemas/audit";
import type { KfCustomer } from "./schemas/customer";
import type { KfCustomerInput, KfSupplierInput } from "./schemas/payloads";
import type { KfSupplier } from "./schemas/supplier";

export type KashflowClientOptions = {
  /** Rate limiter and login throttle are shared per KashFlow account (all jobs of it). */
  accountKey: string;
  endpoints: KashflowEndpoints;
  credentials: KashflowCredentials;
  /** New session token / refreshed tokens: the caller re-encrypts and saves them. */
  onCredentialsChanged?: (c: KashflowCredentials) => Promise<void>;
  limits?: Partial<KashflowLimits>;
  /** Unverified KashFlow behaviour as switches (page size, login cool-off, number check …). */
  behaviour?: Partial<KashflowBehaviour>;
  fetch?: typeof fetch;
  /** Refuse every write before it is sent (a company in set-up reads both systems and writes nothing). */
  readOnly?: boolean;
  /** Told when a call fails before KashFlow answers, and when one gets an answer (the caller records reachability). */
  transport?: TransportObserver;
  /** The account's request budget shared by every app instance; without one, a limiter in this process only. */
  budget?: RequestBudget;
  /** Refused logins remembered for every app instance; without one, in this process only. */
  loginGuard?: LoginGuard;
  /** Sign-ins and token refreshes of this connection one at a time across instances, with the stored credentials re-read. */
  renewalLock?: RenewalLock;
};

const companyDetailsSchema = z.object({ CompanyName: z.string() }).loose();

export type KashflowClient = {
  readonly accountKey: string;
  readonly limiter: RequestGate;
  /** The credentials as they stand now (a fresh session token or refreshed tokens included). */
  credentials(): KashflowCredentials;
  /** GET /settings/companydetails — the connection test. */
  companyDetails(): Promise<{ companyName: string }>;
  /** Ends the session (DELETE /sessiontoken/{token}) or revokes OAuth tokens where a revoke URL is configured. */
  logout(): Promise<void>;

  customers: PartyResource<KfCustomer, KfCustomerInput>;
  suppliers: PartyResource<KfSupplier, KfSupplierInput>;
  products: ProductsResource;
  invoices: InvoicesResource;
  purchases: PurchasesResource;
  nominals: ReferenceResource["nominals"];
  vatRates: ReferenceResource["vatRates"];
  currencies: ReferenceResource["currencies"];
  paymentMethods: ReferenceResource["paymentMethods"];
  bankAccounts: ReferenceResource["bankAccounts"];
  bankTransactions: ReferenceResource["bankTransactions"];
  metadata: ReferenceResource["metadata"];
  nextInvoiceNumber(): Promise<number>;
  nextPurchaseNumber(): Promise<number>;
  /** Raw audit report rows (§9), paged and deduped. */
  auditRows(q: AuditQuery): AsyncGenerator<KfAuditRow>;
  /**
   * Documents and payments created, edited or deleted since the cursor. Queries whole days from the day before
   * the cursor's entry (KashFlow's clock zone is unconfirmed) and keeps only entries after its TransactionNumber.
   */
  auditChanges(o: {
    cursor?: AuditCursor;
    from?: Date | string;
    to?: Date | string;
  }): Promise<{ changes: AuditChange[]; unknown: KfAuditRow[]; cursor: AuditCursor }>;
};

export function createKashflowClient(o: KashflowClientOptions): KashflowClient {
  if (!o.accountKey.trim())
    throw new AppError("INTERNAL", "A KashFlow client needs an account key.", { retryClass: "BUG" });
  const limits: KashflowLimits = { ...DEFAULT_LIMITS, ...o.limits };
  const behaviour: KashflowBehaviour = { ...DEFAULT_BEHAVIOUR, ...o.behaviour };
  const doFetch = o.fetch ?? fetch;
  const rate = {
    requestsPerWindow: limits.requestsPerWindow,
    windowMs: limits.windowMs,
    maxConcurrent: limits.maxConcurrent,
    windowMarginMs: limits.windowMarginMs,
  };
  const limiter: RequestGate = o.budget
    ? budgetedLimiterFor(
        o.accountKey,
        { ...rate, maxWaitMs: limits.maxBudgetWaitMs, reachMs: limits.budgetReachMs },
        o.budget,
      )
    : limiterFor(o.accountKey, rate);
  const http = new KashflowHttp({
    apiBaseUrl: o.endpoints.apiBaseUrl,
    limiter,
    limits,
    fetch: o.fetch,
    readOnly: o.readOnly,
    transport: o.transport,
  });
  let current: KashflowCredentials = o.credentials;
  const changed = async (next: KashflowCredentials) => {
    current = next;
    await o.onCredentialsChanged?.(next);
  };
  // Credentials another instance renewed and stored: used as they are, not saved again.
  const adopted = (next: KashflowCredentials) => {
    current = next;
  };

  let logout: () => Promise<void>;
  if (o.credentials.method === "SESSION_TOKEN") {
    const { method: _m, ...creds } = o.credentials;
    const session = new SessionTokenAuth(http, creds, {
      accountKey: o.accountKey,
      scheme: behaviour.sessionAuthScheme,
      coolOffMs: behaviour.loginCoolOffMs,
      maxFailures: behaviour.maxLoginFailures,
      guard: o.loginGuard ?? memoryLoginGuard,
      renewalLock: o.renewalLock,
      onChanged: (c) => changed({ method: "SESSION_TOKEN", ...c }),
      onAdopted: (c) => adopted({ method: "SESSION_TOKEN", ...c }),
    });
    http.auth = session;
    logout = () => session.logout();
  } else {
    const oauth = new OAuthAuth(o.credentials.tokens, {
      oauth: o.endpoints.oauth,
      skewMs: behaviour.tokenRefreshSkewMs,
      request: { fetch: doFetch, limits },
      renewalLock: o.renewalLock,
      onChanged: (tokens) => changed({ method: "OAUTH", tokens }),
      onAdopted: (tokens) => adopted({ method: "OAUTH", tokens }),
    });
    http.auth = oauth;
    logout = async () => {
      const endpoints = o.endpoints.oauth;
      if (!endpoints) return;
      const t = oauth.current;
      if (t.refreshToken)
        await revokeToken({ oauth: endpoints, token: t.refreshToken, hint: "refresh_token", fetch: doFetch, limits });
      await revokeToken({ oauth: endpoints, token: t.accessToken, hint: "access_token", fetch: doFetch, limits });
    };
  }

  const core: ClientCore = { http, limits, behaviour };
  const reference = referenceResource(core);
  const audit = auditResource(core);
  const day = (d: Date) => d.toISOString().slice(0, 10);

  return {
    customers: customersResource(core),
    suppliers: suppliersResource(core),
    products: productsResource(core),
    invoices: invoicesResource(core),
    purchases: purchasesResource(core),
    nominals: reference.nominals,
    vatRates: reference.vatRates,
    currencies: reference.currencies,
    paymentMethods: reference.paymentMethods,
    bankAccounts: reference.bankAccounts,
    bankTransactions: reference.bankTransactions,
    metadata: reference.metadata,
    nextInvoiceNumber: () => reference.nextNumber("invoice"),
    nextPurchaseNumber: () => reference.nextNumber("purchase"),
    auditRows: (q) => audit.rows(q),
    async auditChanges({ cursor = { lastTransactionNumber: 0, lastCreatedAt: null }, from, to }) {
      const since = cursor.lastCreatedAt
        ? new Date(Date.parse(`${cursor.lastCreatedAt.slice(0, 10)}T00:00:00Z`) - 86_400_000)
        : null;
      const start = since ? day(since) : (from ?? "2000-01-01");
      const end = to ?? day(new Date(Date.now() + 86_400_000));
      const rows: KfAuditRow[] = [];
      for await (const row of audit.rows({ from: start, to: end })) rows.push(row);
      return summariseAudit(rows, cursor);
    },
    accountKey: o.accountKey,
    limiter,
    credentials: () => current,
    async companyDetails() {
      const body = await http.call(
        { method: "GET", path: "/settings/companydetails", action: "reading", subject: "the company details" },
        (res, ctx) => {
          const parsed = companyDetailsSchema.safeParse(parseJson(res, ctx));
          if (!parsed.success) throw schemaError(ctx, parsed.error, "company details");
          return parsed.data;
        },
      );
      return { companyName: body.CompanyName };
    },
    logout: () => logout(),
  };
}
