// Which runner drives the sync: Inngest when it is configured, otherwise the in-process runner. No code change.
import { env } from "@/lib/env";

export function inngestConfigured(): boolean {
  const e = env();
  return Boolean(e.INNGEST_SIGNING_KEY || e.INNGEST_DEV);
}

export function inProcessRunnerEnabled(): boolean {
  return !inngestConfigured() && process.env.SYNC_RUNNER !== "off";
}
