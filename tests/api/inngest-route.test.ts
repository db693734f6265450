// /api/inngest without Inngest configured says so with a 404 (it used to answer 500 and log every call).
import { afterEach, describe, expect, it } from "vitest";
import { GET, POST, PUT } from "@/app/api/inngest/route";
import { resetEnvCache } from "@/lib/env";

const URL = "http://localhost/api/inngest";

afterEach(() => {
  delete process.env.INNGEST_DEV;
  resetEnvCache();
});

describe("/api/inngest", () => {
  it("answers every method 404 with the reason when Inngest is not configured", async () => {
    for (const res of [
      await GET(new Request(URL), undefined),
      await POST(new Request(URL, { method: "POST", body: "{}" }), undefined),
      await PUT(new Request(URL, { method: "PUT" }), undefined),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: "NOT_FOUND", message: "Inngest is not configured in this deployment." },
      });
    }
  });

  it("hands requests to Inngest's own handler once it is configured", async () => {
    process.env.INNGEST_DEV = "1";
    resetEnvCache();
    const res = await GET(new Request(URL), undefined);
    expect(res.status).not.toBe(404);
    expect(res.headers.get("x-inngest-sdk") ?? "").toContain("inngest-js");
  });
});
