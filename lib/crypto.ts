// Secrets at rest (KashFlow credentials and tokens, agent secrets): AES-256-GCM under ENCRYPTION_KEY.
// Format "v1:<iv>:<tag>:<ciphertext>" (base64url) so a later key rotation can tell versions apart.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "./errors";

const VERSION = "v1";

function keyFrom(hex: string | undefined): Buffer {
  if (!hex || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new AppError("INTERNAL", "ENCRYPTION_KEY is not set (64 hex characters); secrets cannot be stored. See README.md.");
  }
  return Buffer.from(hex, "hex");
}

export function encryptSecret(plaintext: string, keyHex: string | undefined): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(keyHex), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(":");
}

export function decryptSecret(sealed: string, keyHex: string | undefined): string {
  const [version, iv, tag, body] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new AppError("INTERNAL", "A stored secret is not in a known format.");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(keyHex), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new AppError("INTERNAL", "A stored secret could not be decrypted: ENCRYPTION_KEY changed or the value was tampered with.", { cause: error });
  }
}
