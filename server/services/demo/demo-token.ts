// Proves a demo-setup call comes from this machine's start script: derived from AUTH_SECRET, which only the
// server and the script hold. No imports beyond node: the start script loads this file too.
import { createHash } from "node:crypto";

export function demoSetupToken(authSecret: string): string {
  return createHash("sha256").update(`${authSecret}:demo-setup`).digest("hex");
}
