// The sign-in form asked once too often: a calm notice on the same page, the address kept, no email and no error.
import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { SIGN_IN_LIMITED_MESSAGE, takeSignInTurn } from "@/server/auth/sign-in-limits";
import { db } from "@/server/db";
import { uniqueEmail } from "@/tests/factories";
import { requestMagicLink } from "./actions";

const client = `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": client }) }));

describe("the sign-in form's limit", () => {
  it("answers the calm notice once an address's links are spent, and sends nothing", async () => {
    const email = uniqueEmail("form-limit");
    for (let i = 0; i < 3; i++) expect(await takeSignInTurn({ email, clientAddress: `elsewhere-${i}` })).toBe(true);
    const form = new FormData();
    form.set("email", email.toUpperCase());
    form.set("callbackUrl", "/orgs");
    expect(await requestMagicLink({}, form)).toEqual({ notice: SIGN_IN_LIMITED_MESSAGE, email: email.toUpperCase() });
    expect(await db.emailMessage.count({ where: { to: email } })).toBe(0);
  });
});
