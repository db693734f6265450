import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
const SELF = fileURLToPath(import.meta.url);
if (process.env.ROLE === "peer") {
  const { createKashflowSandbox } = await import("@/sandbox/kashflow");
  const sandbox = createKashflowSandbox({ adminKey: "x" });
  const { url } = await sandbox.listen(0);
  const account = sandbox.createAccount({ DataSet: "demo", Seed: 11, AnchorDate: "2027-06-30", Size: { Invoices: 3000 } });
  process.send!({ url, account });
} else {
  const child = fork(SELF, [], { execArgv: ["--import", "tsx"], env: { ...process.env, ROLE: "peer" } });
  const ready: any = await new Promise((r) => child.once("message", r));
  const { createKashflowClient } = await import("@/server/integrations/kashflow");
  const { storedInvoice } = await import("@/server/sync/flows/sales-invoices/detect");
  const { contentHash } = await import("@/server/integrations/kashflow/hash");
  const kashflow = createKashflowClient({
    accountKey: `m:${ready.account.AccountId}`,
    endpoints: { apiBaseUrl: `${ready.url}/v2` },
    credentials: { method: "SESSION_TOKEN", username: ready.account.UserName, password: ready.account.Password, memorableWord: ready.account.MemorableWord },
    limits: { requestsPerWindow: 1_000_000, maxConcurrent: 8 },
  });
  const numbers: number[] = [];
  for await (const s of kashflow.invoices.list({ issuedFrom: "2025-02-01" })) numbers.push(s.Number);
  for (const round of [1, 2]) {
    const c0 = process.cpuUsage(); const t0 = performance.now();
    const found: any[] = [];
    for (let i = 0; i < numbers.length; i += 100) found.push(...(await Promise.all(numbers.slice(i, i + 100).map((n) => kashflow.invoices.find(n)))));
    const c1 = process.cpuUsage(c0); const t1 = performance.now();
    const c2 = process.cpuUsage();
    for (const kf of found) contentHash(storedInvoice(kf));
    const c3 = process.cpuUsage(c2);
    const per = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1000 / numbers.length).toFixed(3);
    console.log(`round ${round}: ${numbers.length} finds, ${per(c1)} ms CPU each (user ${(c1.user/1000/numbers.length).toFixed(3)} sys ${(c1.system/1000/numbers.length).toFixed(3)}), wall ${((t1 - t0) / numbers.length).toFixed(2)} ms; map+hash ${per(c3)} ms`);
  }
  child.kill(); process.exit(0);
}
