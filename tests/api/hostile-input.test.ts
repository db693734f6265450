// Input no procedure can use (NUL, broken Unicode) is the caller's mistake: 400 over HTTP, never a 500 from Postgres.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { createCompany, createOrg, createUser } from "../factories";

async function call(kind: "query" | "mutation", userId: string | null, path: string, input: unknown) {
  const json = JSON.stringify(superjson.serialize(input));
  const req =
    kind === "query"
      ? new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(json)}`)
      : new Request(`http://localhost/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json,
        });
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => ({ userId }),
  });
  const raw = (await res.json()) as { error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: res.status, error: raw.error?.json };
}

describe("hostile text in tRPC input", () => {
  it("answers 400 for a NUL under a key superjson will not serialize back (prototype, constructor)", async () => {
    const owner = await createUser();
    const req = new Request(
      `http://localhost/api/trpc/tieOut.listDays?input=${encodeURIComponent('{"json":{"prototype":"\\u0000","constructor":-4}}')}`,
    );
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => ({ userId: owner.id }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { json: { message: string } } }).error.json.message).toBe(
      "[prototype] must not contain a NUL character.",
    );
  });

  it("answers 400 with the field for a NUL in a company id, a name or a nested value", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const nulId = await call("query", owner.id, "company.get", { companyId: "c\u0000" });
    expect(nulId.status).toBe(400);
    expect(nulId.error?.data).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_REQUEST" });
    expect(nulId.error?.data.fieldErrors).toEqual({ companyId: ["companyId must not contain a NUL character."] });

    const surrogate = await call("mutation", owner.id, "company.create", {
      orgId: org.id,
      name: "Broken \uD800 Ltd",
      baseCurrency: "GBP",
      timezone: "UTC",
    });
    expect(surrogate.status).toBe(400);
    expect(surrogate.error?.message).toBe("name is not valid Unicode text.");
  });

  it("refuses before tenancy is checked, so an outsider learns nothing more than from any bad input", async () => {
    const owner = await createUser();
    const org = await createOrg(owner);
    const company = await createCompany(org);
    const outsider = await createUser();
    const refused = await call("query", outsider.id, "company.get", { companyId: `${company.id}\u0000` });
    expect(refused.status).toBe(400);
    const plain = await call("query", outsider.id, "company.get", { companyId: company.id });
    expect(plain.status).toBe(404);
  });
});
