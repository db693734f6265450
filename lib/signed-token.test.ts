import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "./signed-token";

const secret = "a-test-secret-of-at-least-32-characters!";
const now = new Date("2026-12-07T10:00:00Z");
const expiresAt = new Date("2026-12-08T10:00:00Z");

describe("signed tokens", () => {
  it("round-trips the payload until it expires", () => {
    const token = signToken({ u: "user1", o: "org1", k: "all" }, { secret, purpose: "unsubscribe", expiresAt });
    expect(verifyToken(token, { secret, purpose: "unsubscribe", now })).toEqual({
      ok: true,
      payload: { u: "user1", o: "org1", k: "all", exp: expiresAt.getTime() / 1000 },
    });
    expect(verifyToken(token, { secret, purpose: "unsubscribe", now: expiresAt })).toEqual({
      ok: false,
      problem: "expired",
    });
  });

  it("refuses a changed payload, another secret or another purpose as forged, and junk as garbled", () => {
    const token = signToken({ u: "user1" }, { secret, purpose: "unsubscribe", expiresAt });
    const [body, sig] = token.split(".");
    const other = Buffer.from(JSON.stringify({ u: "user2", exp: expiresAt.getTime() / 1000 })).toString("base64url");
    expect(verifyToken(`${other}.${sig}`, { secret, purpose: "unsubscribe", now })).toEqual({
      ok: false,
      problem: "forged",
    });
    expect(verifyToken(token, { secret: `${secret}x`, purpose: "unsubscribe", now })).toEqual({
      ok: false,
      problem: "forged",
    });
    expect(verifyToken(token, { secret, purpose: "invite", now })).toEqual({ ok: false, problem: "forged" });
    for (const junk of ["", "abc", `${body}`, `${body}.`, `${body}.${sig}x`, "%%%.###", `${body}.${sig}.x`]) {
      expect(verifyToken(junk, { secret, purpose: "unsubscribe", now })).toEqual({ ok: false, problem: "garbled" });
    }
  });
});
