import { describe, expect, it } from "vitest";
import { CLEANED_TEXT_KEY } from "../src/protocol/safe-text";
import { ServerClient } from "../src/runtime/server-client";

/** A server that records what the agent sent and answers as the real one would. */
function recordingServer(answer: unknown) {
  const sent: string[] = [];
  const client = new ServerClient("http://ledgerlink.test", "lla_test", async (_url, init) => {
    sent.push(String(init.body));
    return Response.json(answer);
  });
  return { client, sent };
}

describe("what the agent sends from Sage 100", () => {
  it("never carries a NUL byte or a broken UTF-16 character, and marks the rows it cleaned", async () => {
    const { client, sent } = recordingServer({ accepted: true, duplicate: false });
    await client.changes({
      batchId: "batch-00000001",
      table: "AR_Customer",
      keyColumns: ["ARDivisionNo", "CustomerNo"],
      rows: [{ ARDivisionNo: "00", CustomerNo: "A1", CustomerName: "Nul\u0000 \uD800Co" }],
      highWater: { date: "2025-03-01", time: "9" },
    });
    expect(sent[0]).not.toMatch(/\\u0000|\\ud[89ab]/i);
    expect((JSON.parse(sent[0]!) as { rows: unknown[] }).rows).toEqual([
      { ARDivisionNo: "00", CustomerNo: "A1", CustomerName: "Nul \uFFFDCo", [CLEANED_TEXT_KEY]: ["CustomerName"] },
    ]);
  });

  it("says in a result's warnings what it cleaned", async () => {
    const { client, sent } = recordingServer({ accepted: true, status: "DONE" });
    await client.result("cmd1", {
      status: "done",
      result: { found: true, record: { CustomerName: "X\u0000" } },
      warnings: [],
      durationMs: 1,
    });
    const body = JSON.parse(sent[0]!) as { warnings: string[]; result: { record: Record<string, unknown> } };
    expect(body.result.record.CustomerName).toBe("X");
    expect(body.warnings).toEqual([expect.stringMatching(/^result\.record\.CustomerName held characters/)]);
  });
});
