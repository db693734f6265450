// Billing's reason codes, in a module without zod: screens import it, and zod's schemas in the browser would probe
// `new Function` (a CSP violation under the app's script policy).

/** The AppError reason Start syncing (and Resume) throws when the plan does not cover the pair. */
export const PLAN_LIMIT_REASON = "PlanLimitReached";
