// Renewing a connection's credentials (a sign-in, an OAuth refresh) one instance at a time. A rotating refresh token
// can be spent once, and every instance holds a copy: whoever renews first stores the result, the others re-read it.
import type { KashflowCredentials } from "../credentials";

/**
 * Runs `renew` while no other app instance renews the same connection, handing it the credentials as stored at
 * that moment (null: none stored). Whatever `renew` saves (onCredentialsChanged) is stored before the next one runs.
 */
export type RenewalLock = <T>(renew: (stored: KashflowCredentials | null) => Promise<T>) => Promise<T>;

/** Without a shared store: renew alone in this process (single flight is the strategy's own). */
export const noRenewalLock: RenewalLock = (renew) => renew(null);
