// Hostile input never becomes a 5xx: at least FUZZ_REQUESTS generated malformed requests (seeded, so a failure
// repeats) at every inbound surface of the running app — agent routes, tRPC, auth, server actions, the KashFlow
// callback, Inngest, health, pages and any other route — some signed in and some as a paired agent. Afterwards health
// is 200 and the server's memory is back near where it started. Prints a status histogram per surface.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { freshCompany } from "./helpers";
import { pageFiles, routeFiles, type ServerInputs, serverActions } from "./fuzz/discover";
import { rng } from "./fuzz/prng";
import { formatFailure, formatHistogram, sendAll, type Tally } from "./fuzz/send";
import { collectGarbage, treeRss } from "./fuzz/server-memory";
import { type FuzzRequest, type Identity, surfaces } from "./fuzz/surfaces";

const SEED = Number(process.env.FUZZ_SEED ?? 12);
const PER_SURFACE = Number(process.env.FUZZ_REQUESTS ?? 1_000);
const CONCURRENCY = 8;
const MEMORY_SLACK = 150 * 1024 ** 2;
const STATE_DIR = `.data/e2e-${process.env.E2E_PORT ?? 3100}`;

const MAX_REQUEST_BYTES = 256 * 1024;

/** Several hostile values can each be huge; the run stays quick by drawing again (then cutting) past 256 KB. */
function bounded(generate: () => FuzzRequest): FuzzRequest {
  let request = generate();
  const size = (q: FuzzRequest) => q.path.length + (q.body === undefined ? 0 : Buffer.byteLength(q.body));
  for (let attempt = 0; attempt < 5 && size(request) > MAX_REQUEST_BYTES; attempt++) request = generate();
  if (size(request) <= MAX_REQUEST_BYTES) return request;
  return {
    ...request,
    path: request.path.slice(0, 8_192),
    body: Buffer.from(request.body ?? "").subarray(0, MAX_REQUEST_BYTES),
  };
}

function serverInputs(): ServerInputs {
  const run = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "e2e/fuzz/list-server-inputs.ts"],
    { encoding: "utf8", maxBuffer: 16 * 1024 ** 2 },
  );
  if (run.status !== 0) throw new Error(`listing tRPC procedures failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ServerInputs;
}

test("hostile requests at every inbound surface get 4xx, never 5xx; health stays 200 and memory comes back", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const routes = routeFiles();
  const pages = pageFiles();
  const actions = serverActions();
  const server = serverInputs();
  expect(server.procedures.length, "tRPC procedures found").toBeGreaterThan(0);
  expect(actions.length, "server actions found in the build").toBeGreaterThan(0);

  // A real user with an org and a company, and an agent paired to it, so input reaches the checks behind sign-in.
  const companyUrl = new URL(await freshCompany(page, "Fuzz"));
  const [, , slug, , companyId] = companyUrl.pathname.split("/");
  const org = await page.request.get(
    `/api/trpc/org.bySlug?input=${encodeURIComponent(JSON.stringify({ json: { slug } }))}`,
  );
  const orgId = ((await org.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  const pairing = await page.request.post("/api/trpc/sage100.createPairingCode", { data: { json: { companyId } } });
  const code = ((await pairing.json()) as { result: { data: { json: { code: string } } } }).result.data.json.code;
  const paired = await page.request.post("/api/agent/pair", {
    data: { code, hostname: "fuzz-host", agentVersion: "0.0.0-fuzz", driver: "simulator" },
  });
  expect(paired.status(), "pairing the fuzz agent").toBe(200);
  const agentToken = ((await paired.json()) as { token: string }).token;
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session, "signed in").toBeTruthy();
  const csrf = await page.request.get("/api/auth/csrf");
  const csrfToken = ((await csrf.json()) as { csrfToken: string }).csrfToken;
  const csrfCookie = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.csrf-token"));
  const identity: Identity = {
    origin: baseURL!,
    sessionCookie: `${session!.name}=${session!.value}`,
    csrfCookie: csrfCookie ? `${csrfCookie.name}=${csrfCookie.value}` : "",
    csrfToken,
    slug: slug!,
    orgId,
    companyId: companyId!,
    agentToken,
  };

  const base = new URL(baseURL!);
  const list = surfaces({ routes, pages, actions, server, identity });
  // Warm-up: one request per target, without credentials, so the baseline has every route's code loaded.
  const warm = rng(SEED + 1);
  for (const surface of list) {
    const requests = surface.targets.map((_, i) => {
      const request = bounded(() => surface.generate(warm, i));
      const { cookie: _cookie, authorization: _authorization, ...headers } = request.headers;
      return { ...request, headers };
    });
    await sendAll(base, requests, CONCURRENCY);
  }
  const serverPid = Number(fs.readFileSync(`${STATE_DIR}/next.pid`, "utf8"));
  const inspectorPort = Number(fs.readFileSync(`${STATE_DIR}/next.inspector-port`, "utf8"));
  await collectGarbage(serverPid, inspectorPort);
  const rssBefore = treeRss(serverPid);
  const results: { name: string; targets: string[]; tally: Tally; seconds: number; rss: number }[] = [];
  const r = rng(SEED);
  for (const surface of list) {
    const requests: FuzzRequest[] = Array.from({ length: PER_SURFACE }, (_, i) =>
      bounded(() => surface.generate(r, i)),
    );
    // One request per surface claims a 10 GB body and sends 64 KB of it.
    requests.push({ ...surface.generate(r, 0), method: "POST", body: undefined, lyingLength: true });
    const started = Date.now();
    const tally = await sendAll(base, requests, CONCURRENCY);
    const seconds = (Date.now() - started) / 1000;
    results.push({ name: surface.name, targets: surface.targets, tally, seconds, rss: treeRss(serverPid) });
  }

  // Settle: let the server finish what it was doing, then collect garbage before memory is compared (V8 alone keeps
  // a grown heap for minutes; what survives a full collection is what the server really holds on to).
  let rssAfter = treeRss(serverPid);
  for (let waited = 0; waited < 10_000; waited += 2_000) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await collectGarbage(serverPid, inspectorPort);
    rssAfter = treeRss(serverPid);
    if (rssAfter <= rssBefore + MEMORY_SLACK) break;
  }
  const health = await page.request.get("/api/health");
  const mb = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`;

  const lines = [
    `\n[fuzz] seed ${SEED}, ${PER_SURFACE} requests + 1 lying Content-Length per surface, ${CONCURRENCY} at a time`,
  ];
  for (const { name, tally, seconds, rss } of results)
    lines.push(
      `[fuzz] ${name.padEnd(18)} ${String(tally.sent).padStart(5)} sent ${seconds.toFixed(1).padStart(5)} s  RSS ${mb(rss).padStart(7)}   ${formatHistogram(tally.histogram)}`,
    );
  lines.push(`[fuzz] server RSS after a full GC ${mb(rssBefore)} -> ${mb(rssAfter)}; health ${health.status()}`);
  for (const { name, tally } of results) {
    if (tally.failures.length === 0) continue;
    lines.push(`[fuzz] ${name}: ${tally.failures.length} failures; first examples:`);
    for (const failure of tally.failures.slice(0, 5)) lines.push(`    ${formatFailure(failure)}`);
  }
  console.log(lines.join("\n"));
  // Every failing request in full, for whoever fixes them.
  const failures = results.flatMap(({ tally }) => tally.failures);
  if (failures.length)
    fs.writeFileSync(
      testInfo.outputPath("fuzz-failures.json"),
      JSON.stringify(
        failures.map(({ request, answer }) => ({
          ...request,
          body: request.body === undefined ? undefined : Buffer.from(request.body).toString("utf8").slice(0, 2_000),
          answer,
        })),
        null,
        1,
      ),
    );

  for (const { name, targets, tally } of results) {
    expect.soft(tally.sent, `${name}: requests answered`).toBeGreaterThanOrEqual(PER_SURFACE);
    expect.soft(targets.length, `${name}: targets found`).toBeGreaterThan(0);
    // Every route file and method, procedure, action and page the code has got its share of requests.
    const missed = targets.filter((t) => (tally.perTarget.get(t) ?? 0) === 0);
    expect.soft(missed, `${name}: targets the fuzz never reached`).toEqual([]);
    expect.soft(tally.failures.length, `${name}: 5xx or no answer`).toBe(0);
  }
  const covered = new Set(results.flatMap((s) => s.targets));
  const uncovered = routes.flatMap((f) => f.methods.map((m) => `${f.file} ${m}`)).filter((t) => !covered.has(t));
  expect.soft(uncovered, "route files and methods no surface fuzzes").toEqual([]);
  expect
    .soft(
      pages.map((p) => p.file).filter((f) => !covered.has(f)),
      "pages no surface fuzzes",
    )
    .toEqual([]);
  expect.soft(health.status(), "health after the fuzz").toBe(200);
  expect.soft(rssAfter, `server RSS ${mb(rssBefore)} -> ${mb(rssAfter)}`).toBeLessThanOrEqual(rssBefore + MEMORY_SLACK);
});
