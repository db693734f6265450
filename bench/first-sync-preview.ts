// Benchmark: the first-sync preview of a company in set-up whose KashFlow books hold 10,000 sales invoices (and
// their payments, customers, suppliers, products and purchases), run as the in-process runner runs it: a job of
// short steps. Prints how long it takes, the steps it took, what it found per flow, and proves it wrote nothing:
// no KashFlow write, no write command queued for the agent.
//   npx tsx bench/first-sync-preview.ts       (BENCH_PREVIEW_INVOICES=10000 by default)
import os from "node:os";

const SIZES = (process.env.BENCH_PREVIEW_INVOICES ?? "10000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const ANCHOR = "2025-09-01";

async function main(): Promise<void> {
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const database = await createTestDatabase(`ledgerlink_bench_preview_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.ENCRYPTION_KEY ??= "0123456789abcdef".repeat(4);
  process.env.APP_ENV = "test";
  // KashFlow's own limit (300 requests a minute per account by default) is a deployment setting: lifted to measure
  // Ledgerlink's side; the requests a preview makes are printed, so its time under the limit can be read off.
  process.env.KASHFLOW_REQUESTS_PER_WINDOW ??= "1000000";
  process.env.KASHFLOW_MAX_CONCURRENT ??= "8";

  const { db } = await import("@/server/db");
  const { startHarness, connectCompany } = await import("@/server/sync/flows/testing/harness");
  const { seedDemoMappings } = await import("@/server/services/demo/demo-mappings");
  const { saveFxRates } = await import("@/server/sync/mappings/fx");
  const { parseSyncSettings, saveSyncSettings } = await import("@/server/sync/settings");
  const { READ_ONLY_COMMANDS } = await import("@/server/sync/gateways/sage100");
  const { requestPreview } = await import("@/server/services/preview/request-preview");
  const { claimPreview, previewStep, finishPreview } = await import("@/server/services/preview/run-preview");
  const { previewResultSchema } = await import("@/server/services/preview/preview-types");

  const h = await startHarness();
  console.log(
    `First-sync preview (a company in set-up; KashFlow sandbox over HTTP, real agent on the Sage 100 simulator); sizes ${SIZES.join(", ")}; ${os.cpus().length} CPUs\n`,
  );
  try {
    for (const size of SIZES) {
      const seeding = Date.now();
      const c = await connectCompany(h, {
        account: { DataSet: "demo", Seed: 11, AnchorDate: ANCHOR, Size: { Invoices: size } },
      });
      await db.company.update({ where: { id: c.companyId }, data: { status: "SETTING_UP" } });
      const who = { orgId: c.tenant.org.id, companyId: c.companyId, userId: c.tenant.owner.id };
      // Mapped as the demo company is (nominal 7600 left for a person), with a rate for every day.
      await seedDemoMappings({ companyId: c.companyId, userId: c.tenant.owner.id, client: c.kashflowClient });
      const days = Array.from({ length: 240 }, (_, i) => new Date(Date.UTC(2025, 1, 1 + i)).toISOString().slice(0, 10));
      await saveFxRates({
        ...who,
        source: "csv",
        rates: days.flatMap((day) => [
          { fromCurrency: "GBP", toCurrency: "USD", day, rate: "1.2712" },
          { fromCurrency: "EUR", toCurrency: "USD", day, rate: "1.0815" },
        ]),
      });
      await saveSyncSettings(c.companyId, parseSyncSettings({ salesInvoices: { startDate: "2025-02-01" } }));
      console.log(
        `${size} invoices: books seeded, company connected and mapped in ${((Date.now() - seeding) / 1000).toFixed(1)}s (${JSON.stringify(c.account.Counts)})`,
      );

      const writesBefore = h.counts.anyWrites;
      const requestsBefore = h.counts.requests;
      const run = await requestPreview(who);
      const started = performance.now();
      const owner = (await claimPreview(run.id))!;
      let steps = 0;
      let slowest = 0;
      for (;;) {
        const t = performance.now();
        const next = await previewStep(run.id, owner);
        steps++;
        slowest = Math.max(slowest, performance.now() - t);
        if (process.env.BENCH_TRACE) {
          const p = (await db.previewRun.findUniqueOrThrow({ where: { id: run.id } })).progress as {
            flowLabel?: string;
            records?: number;
            work?: { stage?: string };
          };
          console.log(
            `    step ${steps}: ${((performance.now() - t) / 1000).toFixed(1)}s → ${p.flowLabel ?? "done"} (${p.work?.stage ?? ""}), ${p.records ?? 0} records`,
          );
        }
        if (next === "done") break;
      }
      await finishPreview(run.id, owner);
      const seconds = (performance.now() - started) / 1000;
      const saved = await db.previewRun.findUniqueOrThrow({ where: { id: run.id } });
      const { flows } = previewResultSchema.parse(saved.result);
      const records = (saved.progress as { records?: number }).records ?? 0;
      console.log(
        `  preview ${saved.status} in ${seconds.toFixed(1)}s: ${records} records planned in ${steps} steps (slowest step ${(slowest / 1000).toFixed(1)}s), ${(records / seconds).toFixed(0)} records/s`,
      );
      for (const f of flows.filter((x) => x.state !== "off")) {
        const n = f.counts;
        const held = f.held
          .slice(0, 3)
          .map((g) => `${g.code} ${g.count}`)
          .join(", ");
        console.log(
          `    ${f.label}: ${f.state === "failed" ? `FAILED (${f.error})` : `create ${n.create} (${f.afterDependency} after another record), update ${n.update}, match ${n.match}, held ${n.held}${held ? ` [${held}]` : ""}, skip ${n.skip}, unchecked ${n.unchecked}`}${f.readOnlyViolations.count ? `, WRITES REFUSED ${f.readOnlyViolations.count}` : ""}`,
        );
      }
      const writeCommands = await db.sage100Command.count({
        where: { companyId: c.companyId, type: { notIn: [...READ_ONLY_COMMANDS] } },
      });
      const requests = h.counts.requests - requestsBefore;
      const readCommands = await db.sage100Command.count({ where: { companyId: c.companyId } });
      console.log(
        `  reads: ${requests} KashFlow requests (at KashFlow's default 300 a minute: ${(requests / 300).toFixed(0)} min), ${readCommands} Sage 100 read commands`,
      );
      console.log(
        `  writes: KashFlow ${h.counts.anyWrites - writesBefore}, Sage 100 write commands ${writeCommands}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
      );
      if (saved.status !== "DONE" || h.counts.anyWrites !== writesBefore || writeCommands !== 0) process.exitCode = 1;
    }
  } finally {
    await h.close();
    await db.$disconnect();
    await database.dispose();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit(process.exitCode ?? 0));
