import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, keyIdOf } from "./crypto";

const key = randomBytes(32).toString("hex");

describe("secrets at rest", () => {
  it("round-trips, and never stores the plaintext or the same ciphertext twice", () => {
    const a = encryptSecret("memorable-word: sunshine", key);
    const b = encryptSecret("memorable-word: sunshine", key);
    expect(a).not.toContain("sunshine");
    expect(a).not.toBe(b);
    expect(a.split(":")[1]).toBe(keyIdOf(key));
    expect(decryptSecret(a, key)).toBe("memorable-word: sunshine");
  });

  it("opens values sealed with a previous key after a rotation", () => {
    const old = randomBytes(32).toString("hex");
    const sealed = encryptSecret("token", old);
    expect(decryptSecret(sealed, [key, old])).toBe("token");
    expect(() => decryptSecret(sealed, [key])).toThrow(/sealed with key .* not configured/);
  });

  it("refuses a tampered value with a clear message", () => {
    const parts = encryptSecret("secret", key).split(":");
    const flipped = Buffer.from(parts[4]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([...parts.slice(0, 4), flipped.toString("base64url")].join(":"), key)).toThrow(
      /tampered/,
    );
  });

  it("refuses to work without a valid key", () => {
    expect(() => encryptSecret("x", undefined)).toThrow(/ENCRYPTION_KEY is not set/);
    expect(() => encryptSecret("x", "abc")).toThrow(/ENCRYPTION_KEY is not set/);
  });
});
