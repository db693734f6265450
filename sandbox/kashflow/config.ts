// Behaviour knobs: every [INF]/unverified behaviour of the spec is a setting, globally and per account.
import { z } from "zod";
import { ci, zBool, zInt } from "./validation";

export interface BehaviourConfig {
  /** §2.3 sliding idle expiry of session tokens [DOC: 60 min]. */
  sessionIdleSeconds: number;
  /** §13 step-1 temporary token lifetime [INF]. */
  temporaryTokenTtlSeconds: number;
  /** Failed logins (password or memorable word) before the user is locked [INF]. */
  lockoutThreshold: number;
  lockoutSeconds: number;
  /** While locked, existing tokens of the account answer 401 AccountLocked [INF]. */
  lockoutBlocksSessions: boolean;
  /** Status for wrong memorable-word characters / bad temporary token [DOC/INF: 400 or 401]. */
  memorableWordFailureStatus: 400 | 401;
  /** §2.2: accept "Bearer <session token>" as well as "KfToken <session token>" [OBS]. */
  acceptBearerSessionTokens: boolean;
  /**
   * §3.4 perpage limit; skipperpagevalidation=true bypasses it [SWG]. Swagger says 100, but production clients
   * page 200 without the flag [OBS], so the default is what they see; set 100 for Swagger's reading.
   */
  maxPerPage: number;
  enforceMaxPerPage: boolean;
  /** §3.4: lists documented as bare arrays (nominals, currencies …) answer with a paged envelope instead [OBS]. */
  pagedReferenceLists: boolean;
  /** §8.6: GET/POST /invoices/{n}/notes (and purchases) exist; false answers 404 as if the account had none [INF]. */
  notesEndpoint: boolean;
  /** Paging URLs absolute or relative to the host [OBS: both seen]. */
  pageUrlStyle: "absolute" | "relative";
  /** §7.1 duplicate document Number on create: 400 or silently take the next number [INF]. */
  duplicateNumberMode: "reject" | "renumber";
  /** §10.6 PUT replaces LineItems/PaymentLines (omitted arrays cleared) [OBS purchases, INF invoices]. */
  putReplacesInvoiceArrays: boolean;
  putReplacesPurchaseArrays: boolean;
  /** §14: keep a client-supplied line VATAmount instead of recomputing [INF]. */
  acceptClientVatAmount: boolean;
  /** §3.4 list rows are summaries (LineItems/PaymentLines null) [OBS]. */
  listRowsAreSummaries: boolean;
  /** Invoice lines need a sales nominal, purchase lines a purchase nominal [INF]. */
  enforceNominalTypes: boolean;
  /** §8.4: DueAmount/Status of foreign documents measured in GBP or document currency [INF]. */
  foreignDueAmountCurrency: "home" | "document";
  /** §10.4: purchases carried SupplierId until ~May 2026 [OBS]. */
  includeSupplierIdOnPurchases: boolean;
  /** §10.10: deleting a customer deletes its invoices [DOC]; false → 400 while it has invoices. */
  customerDeleteCascades: boolean;
}

export const DEFAULT_BEHAVIOUR: BehaviourConfig = {
  sessionIdleSeconds: 3600,
  temporaryTokenTtlSeconds: 300,
  lockoutThreshold: 5,
  lockoutSeconds: 900,
  lockoutBlocksSessions: true,
  memorableWordFailureStatus: 400,
  acceptBearerSessionTokens: false,
  maxPerPage: 200,
  enforceMaxPerPage: true,
  pagedReferenceLists: false,
  notesEndpoint: true,
  pageUrlStyle: "absolute",
  duplicateNumberMode: "reject",
  putReplacesInvoiceArrays: true,
  putReplacesPurchaseArrays: true,
  acceptClientVatAmount: false,
  listRowsAreSummaries: true,
  enforceNominalTypes: true,
  foreignDueAmountCurrency: "home",
  includeSupplierIdOnPurchases: false,
  customerDeleteCascades: true,
};

export interface OAuthConfig {
  paths: { authorize: string; token: string; revoke: string };
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  authorizationCodeTtlSeconds: number;
  /** A used refresh token is revoked and a new one issued. */
  rotateRefreshTokens: boolean;
  /** IRIS Cascade returns expires_in as a string ("3599") [DOC, other product]. */
  expiresInAsString: boolean;
  requirePkce: boolean;
  allowPlainPkce: boolean;
}

export const DEFAULT_OAUTH: OAuthConfig = {
  paths: { authorize: "/oauth2/v1/authorize", token: "/oauth2/v1/token", revoke: "/oauth2/v1/revoke" },
  accessTokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 30 * 86_400,
  authorizationCodeTtlSeconds: 600,
  rotateRefreshTokens: true,
  expiresInAsString: false,
  requirePkce: true,
  allowPlainPkce: false,
};

const zSeconds = zInt.pipe(z.number().int().min(0));

/** Admin payload for behaviour settings (global or per account); names match the fields above, any case. */
export const behaviourPatchSchema = ci({
  sessionIdleSeconds: zSeconds.optional(),
  temporaryTokenTtlSeconds: zSeconds.optional(),
  lockoutThreshold: zInt.pipe(z.number().int().min(1)).optional(),
  lockoutSeconds: zSeconds.optional(),
  lockoutBlocksSessions: zBool.optional(),
  memorableWordFailureStatus: z.union([z.literal(400), z.literal(401)]).optional(),
  acceptBearerSessionTokens: zBool.optional(),
  maxPerPage: zInt.pipe(z.number().int().min(1)).optional(),
  enforceMaxPerPage: zBool.optional(),
  pagedReferenceLists: zBool.optional(),
  notesEndpoint: zBool.optional(),
  pageUrlStyle: z.enum(["absolute", "relative"]).optional(),
  duplicateNumberMode: z.enum(["reject", "renumber"]).optional(),
  putReplacesInvoiceArrays: zBool.optional(),
  putReplacesPurchaseArrays: zBool.optional(),
  acceptClientVatAmount: zBool.optional(),
  listRowsAreSummaries: zBool.optional(),
  enforceNominalTypes: zBool.optional(),
  foreignDueAmountCurrency: z.enum(["home", "document"]).optional(),
  includeSupplierIdOnPurchases: zBool.optional(),
  customerDeleteCascades: zBool.optional(),
});
export type BehaviourPatch = Partial<BehaviourConfig>;

export const oauthPatchSchema = ci({
  accessTokenTtlSeconds: zSeconds.optional(),
  refreshTokenTtlSeconds: zSeconds.optional(),
  authorizationCodeTtlSeconds: zSeconds.optional(),
  rotateRefreshTokens: zBool.optional(),
  expiresInAsString: zBool.optional(),
  requirePkce: zBool.optional(),
  allowPlainPkce: zBool.optional(),
});

/** Drops undefined/null keys so a patch never overwrites a setting with nothing. */
export function compact<T extends object>(patch: T): { [K in keyof T]?: NonNullable<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined && v !== null) out[k] = v;
  return out as { [K in keyof T]?: NonNullable<T[K]> };
}
