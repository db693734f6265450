// Tunables of the agent protocol on the server side, in one place.
export const PAIRING_CODE_TTL_MS = 15 * 60_000;
/** An agent is "online" when it was heard from within this window (heartbeats every 15 s, long polls every 20 s). */
export const ONLINE_WITHIN_MS = 60_000;
export const HEARTBEAT_INTERVAL_MS = 15_000;
/** Backoff before a TRANSIENT failure is handed out again: 5 s, 10 s, 20 s... capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}
export const BODY_LIMITS = {
  pair: 4 * 1024,
  lease: 4 * 1024,
  heartbeat: 16 * 1024,
  result: 2 * 1024 * 1024,
  changes: 4 * 1024 * 1024,
} as const;
