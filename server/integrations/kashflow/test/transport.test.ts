// The client tells its caller whether calls reach KashFlow: every attempt that got no answer (with a sentence), and
// any answer at all. The caller records it; what the observer does never changes a call's outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TransportObserver } from "../http";
import { createAccount, failure, makeClient, startSandbox, type Account, type Harness } from "./harness";

let h: Harness;
let acc: Account;

beforeAll(async () => {
  h = await startSandbox();
  acc = await createAccount(h, { DataSet: "empty", CompanyName: "Transport Ltd" });
});

afterAll(async () => {
  await h.close();
});

function recorder(o: { throws?: boolean } = {}) {
  const seen: string[] = [];
  const transport: TransportObserver = {
    onTransportFailure: (f) => {
      seen.push(`failure ${f.reason}: ${f.sentence}`);
      if (o.throws) throw new Error("observer broke");
    },
    onAnswered: () => {
      seen.push("answered");
      if (o.throws) throw new Error("observer broke");
    },
  };
  return { seen, transport };
}

/** A fetch that fails the first `n` attempts as a reset connection would, then passes through. */
function resetting(n: number): typeof fetch {
  let left = n;
  return async (input, init) => {
    if (left-- > 0)
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
      });
    return fetch(input, init);
  };
}

describe("reachability", () => {
  it("each attempt without an answer is told with a plain sentence; the answer that follows is told too", async () => {
    const { seen, transport } = recorder();
    const { client } = makeClient(h, acc, { transport, fetch: resetting(2) });
    expect(await client.companyDetails()).toEqual({ companyName: "Transport Ltd" });
    const origin = new URL(h.url).origin;
    expect(seen.slice(0, 3)).toEqual([
      `failure ECONNRESET: KashFlow (${origin}) could not be reached while signing in to KashFlow: the connection was reset.`,
      `failure ECONNRESET: KashFlow (${origin}) could not be reached while signing in to KashFlow: the connection was reset.`,
      "answered",
    ]);
    expect(seen.slice(3).every((s) => s === "answered")).toBe(true);
  });

  it("an observer that throws changes nothing: the answer still comes back, the failure is still the network's", async () => {
    const { transport } = recorder({ throws: true });
    expect(await makeClient(h, acc, { transport, fetch: resetting(1) }).client.companyDetails()).toEqual({
      companyName: "Transport Ltd",
    });
    const error = await failure(
      makeClient(h, acc, { transport, fetch: resetting(99), limits: { maxRetries: 1 } }).client.companyDetails(),
    );
    expect(error).toMatchObject({ code: "UPSTREAM", reason: "ECONNRESET" });
  });
});
