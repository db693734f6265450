// What the browser receives when a call fails: a plain message, the app's error code and per-field errors.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { createCompany, createOrg, createUser } from "../factories";

async function post(userId: string | null, path: string, input: unknown) {
  const req = new Request(`http://localhost/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(superjson.serialize(input)),
  });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ userId }),
  });
  const raw = (await res.json()) as { error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: res.status, body: { error: raw.error?.json ?? { message: "", data: {} } } };
}

describe("tRPC errors over HTTP", () => {
  it("turn invalid input into 400 with field errors the form can show", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const { status, body } = await post(owner.id, "company.create", {
      orgId: org.id,
      name: "",
      baseCurrency: "ZZZ",
      timezone: "UTC",
    });
    expect(status).toBe(400);
    expect(body.error.message).toBe("Some fields need fixing.");
    expect(body.error.data.fieldErrors).toEqual({
      name: ["Enter at least 2 characters."],
      baseCurrency: ["Use a 3-letter ISO currency code such as GBP or USD."],
    });
  });

  it("carry the domain's message and field for a conflict, and no stack trace", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const input = { orgId: org.id, name: "Twin", baseCurrency: "GBP", timezone: "UTC" };
    await post(owner.id, "company.create", input);
    const { status, body } = await post(owner.id, "company.create", input);
    expect(status).toBe(409);
    expect(body.error.data).toMatchObject({
      code: "CONFLICT",
      appCode: "CONFLICT",
      fieldErrors: { name: ["A company with this name already exists in this organization."] },
    });
    expect(body.error.data.stack).toBeUndefined();
  });

  it("carry the domain's reason code, for screens to decide on without reading the message", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const company = await createCompany(org);
    const { status, body } = await post(owner.id, "company.resume", { companyId: company.id });
    expect(status).toBe(412);
    expect(body.error.data).toMatchObject({ appCode: "PRECONDITION_FAILED", reason: "NotPaused" });
    const invalid = await post(owner.id, "company.create", { orgId: org.id, name: "" });
    expect(invalid.body.error.data.reason).toBeNull();
  });

  it("answer 401 to a signed-out caller", async () => {
    const { status, body } = await post(null, "org.create", { name: "Nope" });
    expect(status).toBe(401);
    expect(body.error.message).toBe("Please sign in.");
  });
});
