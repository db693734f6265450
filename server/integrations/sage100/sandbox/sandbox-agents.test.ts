// "Try with a sandbox": the app runs a real agent for the company, started once, and back after a restart.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { createSage100Simulator } from "@/sandbox/sage100";
import { createTenant } from "@/tests/factories";
import { getAgentStatus } from "../agents";
import { awaitCommandResult, enqueueCommand } from "../command-queue";
import { startAgentApiServer, type AgentApiServer } from "../testing/agent-api-server";
import { pairTestAgent, waitUntil } from "../testing/test-agent";
import {
  isSandboxRunning,
  resumeSandboxAgents,
  startSandboxAgent,
  stopAllSandboxAgents,
  stopSandboxAgent,
} from "./sandbox-agents";
import { listSandboxDocuments } from "./sandbox-documents";

let api: AgentApiServer;

beforeAll(async () => {
  api = await startAgentApiServer();
});

afterAll(async () => {
  await stopAllSandboxAgents();
  await api?.close();
});

const online = (t: { org: { id: string }; company: { id: string } }) =>
  waitUntil(
    async () => {
      const s = await getAgentStatus({ orgId: t.org.id, companyId: t.company.id });
      return s.online && s.agent?.state === "running" ? s : null;
    },
    10_000,
    "sandbox agent online",
  );

describe("sandbox agents", () => {
  it("start once, take commands, show their documents, and come back after a restart with the same token and data", async () => {
    const t = await createTenant("s100sandbox");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ll-sandboxes-"));
    const options = { baseUrl: api.url, dir, heartbeatIntervalMs: 300, changesIntervalMs: 0, quiet: true };
    const started = await startSandboxAgent({
      orgId: t.org.id,
      companyId: t.company.id,
      userId: t.owner.id,
      ...options,
    });
    expect(started.alreadyRunning).toBe(false);
    expect(
      await startSandboxAgent({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id, ...options }),
    ).toEqual({ agentId: started.agentId, alreadyRunning: true });
    const status = await online(t);
    expect(status.agent).toMatchObject({
      id: started.agentId,
      sandbox: true,
      driver: "simulator",
      sageCompany: "ABC",
      hostname: "ledgerlink-sandbox",
    });

    const { command } = await enqueueCommand({
      orgId: t.org.id,
      companyId: t.company.id,
      command: {
        type: "createArInvoice",
        payload: {
          invoiceNo: "SBX0001",
          customerNo: "ACME",
          invoiceDate: "2025-03-15",
          lines: [{ itemCode: "/INSTALL", quantity: "1" }],
        },
      },
      idempotencyKey: "sbx-1",
    });
    expect(
      await awaitCommandResult({ companyId: t.company.id, commandId: command.id, timeoutMs: 10_000 }),
    ).toMatchObject({ status: "DONE" });
    const docs = await listSandboxDocuments({ orgId: t.org.id, companyId: t.company.id });
    expect(docs.documents[0]).toMatchObject({
      kind: "A/R invoice",
      number: "SBX0001",
      party: "ACME",
      state: "in batch",
      amount: 95,
    });
    // Found by number or party however many newer records there are; a number that is not there finds nothing.
    expect(
      (await listSandboxDocuments({ orgId: t.org.id, companyId: t.company.id, query: "sbx0001", take: 1 })).documents,
    ).toEqual([docs.documents[0]]);
    expect(
      (await listSandboxDocuments({ orgId: t.org.id, companyId: t.company.id, query: "acme" })).documents.every(
        (d) => d.number === "ACME" || d.party.includes("ACME"),
      ),
    ).toBe(true);
    expect(
      (await listSandboxDocuments({ orgId: t.org.id, companyId: t.company.id, query: "NOSUCH99" })).documents,
    ).toEqual([]);

    // The app stops (its sandbox agents with it) and starts again.
    await stopSandboxAgent(t.company.id);
    expect(isSandboxRunning(t.company.id)).toBe(false);
    expect(await resumeSandboxAgents(options)).toBe(1);
    await online(t);
    expect((await getAgentStatus({ orgId: t.org.id, companyId: t.company.id })).agent?.id).toBe(started.agentId);
    const found = await enqueueCommand({
      orgId: t.org.id,
      companyId: t.company.id,
      command: { type: "findDocument", payload: { kind: "arInvoice", invoiceNo: "SBX0001" } },
      idempotencyKey: "sbx-find",
    });
    expect(
      await awaitCommandResult({ companyId: t.company.id, commandId: found.command.id, timeoutMs: 10_000 }),
    ).toMatchObject({ status: "DONE", result: { found: true, state: "pending" } });
    await stopSandboxAgent(t.company.id);
  });

  it("a command is on disk before it is reported DONE (a server killed right after loses nothing Sage 100 confirmed)", async () => {
    const t = await createTenant("s100sbxdisk");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ll-sandboxes-"));
    const options = { baseUrl: api.url, dir, heartbeatIntervalMs: 300, changesIntervalMs: 0, quiet: true };
    await startSandboxAgent({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id, ...options });
    await online(t);
    const stateFile = path.join(dir, t.company.id, "sage100.json");
    for (const invoiceNo of ["DSK0001", "DSK0002", "DSK0003"]) {
      const { command } = await enqueueCommand({
        orgId: t.org.id,
        companyId: t.company.id,
        command: {
          type: "createArInvoice",
          payload: {
            invoiceNo,
            customerNo: "ACME",
            invoiceDate: "2025-03-15",
            lines: [{ itemCode: "/INSTALL", quantity: "1" }],
          },
        },
        idempotencyKey: `dsk-${invoiceNo}`,
      });
      expect(
        await awaitCommandResult({ companyId: t.company.id, commandId: command.id, timeoutMs: 10_000, pollMs: 5 }),
      ).toMatchObject({ status: "DONE" });
      // What a restarted server would load: a fresh simulator on a copy of the state file as it is now.
      const copy = path.join(dir, `${invoiceNo}.json`);
      fs.copyFileSync(stateFile, copy);
      const fresh = createSage100Simulator({ stateFile: copy });
      expect(
        fresh.inspect("ABC", ["AR_InvoiceHeader"]).tables.AR_InvoiceHeader?.map((r) => r.InvoiceNo),
        invoiceNo,
      ).toContain(invoiceNo);
    }
    await stopSandboxAgent(t.company.id);
  });

  it("without a saved token (memory-only) a restart pairs the sandbox again, replacing itself", async () => {
    const t = await createTenant("s100sbxmem");
    const options = { baseUrl: api.url, dir: null, heartbeatIntervalMs: 300, changesIntervalMs: 0, quiet: true };
    const first = await startSandboxAgent({ orgId: t.org.id, companyId: t.company.id, userId: t.owner.id, ...options });
    await online(t);
    await stopSandboxAgent(t.company.id);
    await resumeSandboxAgents(options);
    const status = await online(t);
    expect(status.agent?.id).not.toBe(first.agentId);
    expect(await db.sage100Agent.count({ where: { companyId: t.company.id, revokedAt: null } })).toBe(1);
    await stopSandboxAgent(t.company.id);
  });

  it("does not replace a real agent", async () => {
    const t = await createTenant("s100sbxreal");
    await pairTestAgent(api.url, t.company);
    await expect(
      startSandboxAgent({
        orgId: t.org.id,
        companyId: t.company.id,
        userId: t.owner.id,
        baseUrl: api.url,
        dir: null,
        quiet: true,
      }),
    ).rejects.toEqual(
      new AppError(
        "PRECONDITION_FAILED",
        "A real agent is paired with this company. Revoke it first to try the sandbox.",
      ),
    );
  });
});
