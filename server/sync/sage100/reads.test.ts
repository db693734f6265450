// Reads asked side by side travel together: one agent command for many, each read still answering on its own.
import { describe, expect, it } from "vitest";
import type { CommandInput } from "@/agent/src/protocol";
import { AppError } from "@/lib/errors";
import type { FlowRun } from "../engine/flow-run";
import { readTogether } from "./reads";

type Asked = CommandInput;

/** A run whose agent answers through `answer`; every command asked is kept. */
function fakeRun(answer: (command: Asked) => unknown): { run: FlowRun; asked: Asked[] } {
  const asked: Asked[] = [];
  const values = new Map<string, unknown>();
  const run = {
    memo: (key: string, make: () => unknown) => {
      if (!values.has(key)) values.set(key, make());
      return values.get(key);
    },
    ask: async (command: Asked) => {
      asked.push(command);
      await new Promise((r) => setTimeout(r, 5));
      return answer(command);
    },
  } as unknown as FlowRun;
  return { run, asked };
}

const read = (itemCode: string) => ({ type: "findDocument" as const, payload: { kind: "item" as const, itemCode } });
const row = (itemCode: string) => ({ found: true, state: "posted", record: { ItemCode: itemCode } });

describe("readTogether", () => {
  it("sends reads asked together in one runCommands, and one asked alone as the findDocument it was", async () => {
    const { run, asked } = fakeRun((c) =>
      c.type === "runCommands"
        ? {
            results: c.payload.commands.map((x) =>
              x.type === "findDocument" && x.payload.kind === "item" && x.payload.itemCode === "GONE"
                ? { ok: true, result: { found: false } }
                : x.type === "findDocument" && x.payload.kind === "item" && x.payload.itemCode === "BAD"
                  ? {
                      ok: false,
                      error: { code: "NO_ACCESS", message: "No rights to CI_Item.", retryClass: "NEEDS_USER" },
                    }
                  : { ok: true, result: row((x.payload as { itemCode: string }).itemCode) },
            ),
          }
        : row("ALONE"),
    );
    const answers = await Promise.allSettled(["A", "B", "GONE", "BAD"].map((code) => readTogether(run, read(code))));
    expect(asked.map((c) => c.type)).toEqual(["runCommands"]);
    expect(answers[0]).toMatchObject({ status: "fulfilled", value: { found: true, record: { ItemCode: "A" } } });
    expect(answers[1]).toMatchObject({ status: "fulfilled", value: { record: { ItemCode: "B" } } });
    expect(answers[2]).toMatchObject({ status: "fulfilled", value: { found: false } });
    // The refused read fails alone, as the command would have failed alone.
    const refused = (answers[3] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ message: "No rights to CI_Item.", retryClass: "NEEDS_USER", reason: "NO_ACCESS" });
    expect(await readTogether(run, read("ALONE"))).toMatchObject({ record: { ItemCode: "ALONE" } });
    expect(asked.map((c) => c.type)).toEqual(["runCommands", "findDocument"]);
  });

  it("reads asked while one is on its way go together after it", async () => {
    const { run, asked } = fakeRun((c) =>
      c.type === "runCommands" ? { results: c.payload.commands.map(() => ({ ok: true, result: row("X") })) } : row("X"),
    );
    const first = readTogether(run, read("FIRST"));
    await new Promise((r) => setTimeout(r, 1));
    const later = ["L1", "L2", "L3"].map((code) => readTogether(run, read(code)));
    await Promise.all([first, ...later]);
    expect(asked.map((c) => (c.type === "runCommands" ? c.payload.commands.length : 1))).toEqual([1, 3]);
  });

  it("an agent without runCommands gets each read alone", async () => {
    const { run, asked } = fakeRun((c) => {
      if (c.type === "runCommands")
        throw new AppError("UPSTREAM", "This agent does not know the command.", {
          retryClass: "NEEDS_USER",
          reason: "UNSUPPORTED",
        });
      return row((c.payload as { itemCode: string }).itemCode);
    });
    const answers = await Promise.all(["A", "B"].map((code) => readTogether(run, read(code))));
    expect(answers.map((a) => a.record?.ItemCode)).toEqual(["A", "B"]);
    expect(asked.map((c) => c.type)).toEqual(["runCommands", "findDocument", "findDocument"]);
  });
});
