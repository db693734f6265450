// Secrets for a local run, generated once and kept under .data/ so sessions survive restarts.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type LocalSecrets = { AUTH_SECRET: string; ENCRYPTION_KEY: string; KASHFLOW_SANDBOX_CLIENT_SECRET: string };

export function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "local-secrets.json");
  const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    AUTH_SECRET: saved.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: saved.ENCRYPTION_KEY ?? randomBytes(32).toString("hex"),
    KASHFLOW_SANDBOX_CLIENT_SECRET: saved.KASHFLOW_SANDBOX_CLIENT_SECRET ?? randomBytes(24).toString("base64url"),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
