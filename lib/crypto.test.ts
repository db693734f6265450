import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./crypto";

const key = randomBytes(32).toString("hex");

describe("secrets at rest", () => {
  it("round-trips, and never stores the plaintext or the same ciphertext twice", () => {
    const a = encryptSecret("memorable-word: sunshine", key);
    const b = encryptSecret("memorable-word: sunshine", key);
    expect(a).not.toContain("sunshine");
    expect(a).not.toBe(b);
    expect(decryptSecret(a, key)).toBe("memorable-word: sunshine");
  });

  it("refuses a tampered value and a different key with a clear message", () => {
    const sealed = encryptSecret("secret", key);
    const parts = sealed.split(":");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), flipped.toString("base64url")].join(":");
    expect(() => decryptSecret(tampered, key)).toThrow(/changed or the value was tampered/);
    expect(() => decryptSecret(sealed, randomBytes(32).toString("hex"))).toThrow(/changed or the value was tampered/);
  });

  it("refuses to work without a valid key", () => {
    expect(() => encryptSecret("x", undefined)).toThrow(/ENCRYPTION_KEY is not set/);
    expect(() => encryptSecret("x", "abc")).toThrow(/ENCRYPTION_KEY is not set/);
  });
});
