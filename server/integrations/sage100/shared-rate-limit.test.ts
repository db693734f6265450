// The agent endpoints' limits shared by every app instance (Postgres): an agent's or an address's requests count
// once whichever instance serves them, concurrent requests never share a token, and pairing answers 429 when spent.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as pair } from "@/app/api/agent/pair/route";
import { resetEnvCache } from "@/lib/env";
import { createTenant } from "@/tests/factories";
import { createPairingCode } from "./pairing";
import { sharedTokenBucket } from "./rate-limit";

// What reaches a route handler: whatever X-Forwarded-For the client wrote, then the connection's address, which the
// app's HTTP server appends (server/client-address/stamp-peer.ts).
const pairFrom = (forwardedFor: string, code = `NOPE-${randomUUID().slice(0, 8)}`) =>
  pair(
    new Request("http://localhost/api/agent/pair", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ code, hostname: "h", agentVersion: "0.1.0", driver: "simulator" }),
    }),
  );
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe("shared agent rate limits", () => {
  it("two instances' buckets for one agent are one bucket: capacity, then the refill rate", async () => {
    const prefix = `agent-test-${randomUUID()}`;
    // Each instance builds its own limiter object; the tokens live in the database.
    const one = sharedTokenBucket(prefix, 3, 2);
    const two = sharedTokenBucket(prefix, 3, 2);
    const started = Date.now();
    expect([await one.take("agent-1"), await two.take("agent-1"), await one.take("agent-1")]).toEqual([0, 0, 0]);
    const wait = await two.take("agent-1");
    // The next token comes 500 ms (2 a second) after the bucket emptied: less whatever time the takes themselves took.
    expect(wait).toBeGreaterThan(500 - (Date.now() - started) - 50);
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
    const address = unique("198.51.100.7");
    const responses: Response[] = [];
    for (let i = 0; i < 26; i++) responses.push(await pairFrom(address));
    const statuses = responses.map((r) => r.status);
    expect(statuses.slice(0, 20).filter((s) => s === 429)).toHaveLength(0);
    // One more every 3 s while the attempts run; this slow machine takes a few seconds over them.
    const limited = responses.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await pairFrom(`${address}-other`)).status).not.toBe(429);
  });

  it("300 guesses with a rotating X-Forwarded-For are limited by the connection's address; a real agent still pairs", async () => {
    const attacker = unique("203.0.113.9");
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await pairFrom(`10.${i % 256}.${i >> 8}.1, ${attacker}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    // The address's bucket refills one every 3 s while the guesses run.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(270);
    expect(statuses.slice(-10).every((s) => s === 429)).toBe(true);

    const t = await createTenant("s100spoof");
    const { code } = await createPairingCode({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id });
    const agent = await pairFrom(unique("192.0.2.44"), code);
    expect(agent.status).toBe(200);
    expect(await agent.json()).toMatchObject({ company: { id: t.company.id } });
  });

  it("guesses at one code from many addresses: 10, then 429; another code still pairs", async () => {
    const t = await createTenant("s100code");
    const { code } = await createPairingCode({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id });
    // Guesses at one (wrong) code, each from an address of its own: the code's bucket runs dry, not the addresses'.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await pairFrom(unique(`198.18.0.${i}`), `${code}X`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The real code is another key: its agent pairs.
    expect((await pairFrom(unique("192.0.2.45"), code.toLowerCase())).status).toBe(200);
  });

  it("behind a trusted proxy, the address that proxy saw is the client's, whatever the client wrote before it", async () => {
    process.env.TRUSTED_PROXY_COUNT = "1";
    resetEnvCache();
    try {
      const client = unique("198.51.100.99");
      const proxy = "10.0.0.2";
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await pairFrom(`spoof-${i}, ${client}, ${proxy}`)).status);
      expect(statuses.filter((s) => s === 429)).toEqual([429]);
      // Another client behind the same proxy has its own bucket.
      expect((await pairFrom(`${unique("198.51.100.100")}, ${proxy}`)).status).toBe(401);
    } finally {
      delete process.env.TRUSTED_PROXY_COUNT;
      resetEnvCache();
    }
  });
});
