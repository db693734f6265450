// server/integrations/kashflow — the public surface of the KashFlow REST v2 client.
export {
  kashflowEndpointsFromEnv,
  kashflowLimitsFromEnv,
  kashflowBehaviourFromEnv,
  DEFAULT_LIMITS,
  DEFAULT_BEHAVIOUR,
  DEFAULT_PAGE_SIZE,
} from "./config";
export type { KashflowEndpoints, KashflowOAuthEndpoints, KashflowLimits, KashflowBehaviour } from "./config";
export {
  createPkcePair,
  buildAuthorizeUrl,
  exchangeAuthorizationCode,
  refreshAccessToken,
  clientCredentialsToken,
  revokeToken,
} from "./auth/oauth";
export type { OAuthTokens } from "./auth/oauth";
export type { KashflowCredentials } from "./credentials";
export { createKashflowClient } from "./client";
export type { KashflowClient, KashflowClientOptions } from "./client";
export type { TransportObserver } from "./http";
export { KashflowNumberChangedError } from "./resources/documents";
export type { DocumentFilters } from "./resources/documents";
export type { PartyListFilters } from "./resources/parties";
export type { AuditQuery, AuditCategory } from "./resources/audit";
export type { ListResult, Page } from "./paging";
export {
  diffSweep,
  hashesOf,
  summariseAudit,
  documentsToRefresh,
  DEFAULT_GRACE,
} from "./change-detection";
export type {
  SweepState,
  SweepEntry,
  Sweep,
  SweepDiff,
  GraceWindow,
  AuditChange,
  AuditCursor,
  AuditEntity,
} from "./change-detection";
export { contentHash, stableStringify } from "./hash";
export * from "./mappers";
export type { KfCustomer } from "./schemas/customer";
export type { KfSupplier } from "./schemas/supplier";
export type { KfProduct } from "./schemas/product";
export type { KfNominal } from "./schemas/nominal";
export type { KfInvoice, KfPurchase, KfLineItem, KfPaymentLine, KfDocumentNote } from "./schemas/document";
export type { KfAuditRow } from "./schemas/audit";
export type {
  KfVatRate,
  KfCurrency,
  KfPaymentMethod,
  KfBankAccount,
  KfBankTransaction,
  KfMetadata,
} from "./schemas/reference";
export type * from "./schemas/payloads";
export { resetRateLimiters } from "./rate-limit";
export { resetLoginGuard } from "./auth/login-guard";
export { budgetSpent, bucketRuleFor, gcraTake, memoryRequestBudget, resetBudgetedLimiters } from "./request-budget";
export type { BucketRule, BudgetTake, RequestBudget } from "./request-budget";
export type { RequestGate } from "./rate-limit";
export { blocksAccount, coolOffError, credentialFingerprint, memoryLoginGuard } from "./auth/login-guard";
export type { CoolOff, LoginGuard } from "./auth/login-guard";
export type { RenewalLock } from "./auth/renewal";
