import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const VALID = { DATABASE_URL: "postgresql://u:p@localhost:5432/db", AUTH_SECRET: "x".repeat(32) };

describe("environment", () => {
  it("accepts the minimum and fills defaults", () => {
    const env = parseEnv(VALID);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.APP_ENV).toBe("development");
    expect(env.RESEND_API_KEY).toBeUndefined();
  });

  it("names every missing or malformed variable in one message that points at the README", () => {
    let caught: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://nope", AUTH_SECRET: "short", APP_URL: "localhost", ENCRYPTION_KEY: "abc" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const message = (caught as EnvError).message;
    expect(message).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
    expect(message).toContain("AUTH_SECRET must be at least 32 characters");
    expect(message).toContain("APP_URL must be an absolute URL");
    expect(message).toContain("ENCRYPTION_KEY must be 64 hex characters");
    expect(message).toContain("README.md");
  });

  it("requires Google's id and secret together", () => {
    expect(() => parseEnv({ ...VALID, AUTH_GOOGLE_ID: "id" })).toThrow(
      /AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET must be set together/,
    );
    expect(parseEnv({ ...VALID, AUTH_GOOGLE_ID: "id", AUTH_GOOGLE_SECRET: "s" }).AUTH_GOOGLE_ID).toBe("id");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ ...VALID, RESEND_API_KEY: "" }).RESEND_API_KEY).toBeUndefined();
  });

  it("trusts no proxy unless told how many there are", () => {
    expect(parseEnv(VALID).TRUSTED_PROXY_COUNT).toBe(0);
    expect(parseEnv({ ...VALID, TRUSTED_PROXY_COUNT: "2" }).TRUSTED_PROXY_COUNT).toBe(2);
    expect(() => parseEnv({ ...VALID, TRUSTED_PROXY_COUNT: "first" })).toThrow(
      /TRUSTED_PROXY_COUNT must be a whole number/,
    );
  });
});
