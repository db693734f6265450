// Secrets at rest (KashFlow credentials and tokens, agent secrets): AES-256-GCM under ENCRYPTION_KEY.
// Sealed form "v1:<keyId>:<iv>:<tag>:<ciphertext>": the key id lets old values open after a key rotation.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "./errors";

const VERSION = "v1";
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

function keyBytes(hex: string | undefined): Buffer {
  if (!hex || !HEX_KEY.test(hex)) {
    throw new AppError(
      "INTERNAL",
      "ENCRYPTION_KEY is not set (64 hex characters); secrets cannot be stored. See README.md.",
    );
  }
  return Buffer.from(hex, "hex");
}

/** A short, non-secret fingerprint of a key, stored beside each sealed value. */
export function keyIdOf(keyHex: string): string {
  return createHash("sha256").update(keyBytes(keyHex)).digest("hex").slice(0, 12);
}

export function encryptSecret(plaintext: string, keyHex: string | undefined): string {
  const key = keyBytes(keyHex);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    keyIdOf(keyHex!),
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(":");
}

/** Opens a sealed value with whichever of `keysHex` (current first, then previous ones) sealed it. */
export function decryptSecret(sealed: string, keysHex: string | undefined | (string | undefined)[]): string {
  const [version, keyId, iv, tag, body] = sealed.split(":");
  if (version !== VERSION || !keyId || !iv || !tag || body === undefined)
    throw new AppError("INTERNAL", "A stored secret is not in a known format.");
  const candidates = (Array.isArray(keysHex) ? keysHex : [keysHex]).filter((k): k is string =>
    Boolean(k && HEX_KEY.test(k)),
  );
  const keyHex = candidates.find((k) => keyIdOf(k) === keyId);
  if (!keyHex)
    throw new AppError(
      "INTERNAL",
      `A stored secret was sealed with key ${keyId}, which is not configured (ENCRYPTION_KEY / ENCRYPTION_KEYS_PREVIOUS).`,
    );
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(keyHex), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new AppError("INTERNAL", "A stored secret could not be decrypted: the value was tampered with.", {
      cause: error,
    });
  }
}
