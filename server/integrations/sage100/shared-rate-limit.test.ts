// The agent endpoints' limits shared by every app instance (Postgres): an agent's or an address's requests count
// once whichever instance serves them, concurrent requests never share a token, and pairing answers 429 when spent.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as pair } from "@/app/api/agent/pair/route";
import { sharedTokenBucket } from "./rate-limit";

describe("shared agent rate limits", () => {
  it("two instances' buckets for one agent are one bucket: capacity, then the refill rate", async () => {
    const prefix = `agent-test-${randomUUID()}`;
    // Each instance builds its own limiter object; the tokens live in the database.
    const one = sharedTokenBucket(prefix, 3, 2);
    const two = sharedTokenBucket(prefix, 3, 2);
    expect([await one.take("agent-1"), await two.take("agent-1"), await one.take("agent-1")]).toEqual([0, 0, 0]);
    const wait = await two.take("agent-1");
    expect(wait).toBeGreaterThan(400);
    expect(wait).toBeLessThanOrEqual(500);
    // Another agent has its own bucket.
    expect(await two.take("agent-2")).toBe(0);
    await new Promise((r) => setTimeout(r, wait + 10));
    expect(await one.take("agent-1")).toBe(0);
  });

  it("requests arriving at once take distinct tokens: exactly the capacity goes through", async () => {
    const bucket = sharedTokenBucket(`agent-test-${randomUUID()}`, 5, 1);
    await bucket.take("warm-up-other-key");
    const waits = await Promise.all(Array.from({ length: 12 }, () => bucket.take("busy-agent")));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(waits.filter((w) => w > 0)).toHaveLength(7);
  });

  it("pairing from one address: 20 attempts, then 429 with Retry-After; another address is not affected", async () => {
    const address = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 6)}`;
    const attempt = (from: string) =>
      pair(
        new Request("http://localhost/api/agent/pair", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": from },
          body: JSON.stringify({
            code: "NOPE-NOPE",
            hostname: "h",
            version: "0.1.0",
            driver: "simulator",
            sageCompany: "ABC",
          }),
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(address)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    const limited = await attempt(address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await attempt(`${address}-other`)).status).not.toBe(429);
  });
});
