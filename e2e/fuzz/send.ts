// Sends fuzz requests over plain node:http (any method, raw paths, lying Content-Length — things fetch refuses),
// a few at a time, and tallies the answers per surface.
import http from "node:http";
import type { FuzzRequest } from "./surfaces";

export type Answer = { status: string; excerpt: string };
export type Tally = {
  histogram: Map<string, number>;
  perTarget: Map<string, number>;
  failures: { request: FuzzRequest; answer: Answer }[];
  sent: number;
};

const TIMEOUT_MS = 15_000;
const HOLD_MS = 3_000;
const LYING_WAIT_MS = 5_000;
const LYING_LENGTH = String(10 * 1024 ** 3);
// Node's server refuses a request head over 16 KB with 431 and closes at once; a client still writing its body then
// sees a reset instead of the 431. That is the server doing right, not a missing answer.
const SERVER_HEAD_LIMIT = 16 * 1024;

function headBytes(request: FuzzRequest): number {
  return request.path.length + Object.entries(request.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
}

/** A server answer of 5xx fails, and so does no answer at all (a reset or a hang), except where waiting is fair. */
export function isFailure(request: FuzzRequest, answer: Answer): boolean {
  if (answer.status.startsWith("5")) return true;
  if (request.lyingLength) return false;
  if (answer.status === "held") return false;
  return !/^\d+( \(reset\))?$/.test(answer.status);
}

function sendOnce(base: URL, request: FuzzRequest, agent: http.Agent): Promise<Answer & { retry?: boolean }> {
  return new Promise((resolve) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers: Record<string, string> = { ...request.headers };
    if (request.lyingLength) headers["content-length"] = LYING_LENGTH;
    else if (body) headers["content-length"] = String(body.length);
    let settled = false;
    const done = (answer: Answer & { retry?: boolean }) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers,
        agent: request.lyingLength ? false : agent,
        // Some answers echo a huge path into a Location header; read them rather than fail on the size.
        maxHeaderSize: 1024 * 1024,
      });
    } catch (error) {
      done({ status: "client refused", excerpt: String(error) });
      return;
    }
    const limit = request.lyingLength ? LYING_WAIT_MS : request.mayHold ? HOLD_MS : TIMEOUT_MS;
    req.setTimeout(limit, () => {
      done({ status: request.mayHold ? "held" : request.lyingLength ? "waited for body" : "timeout", excerpt: "" });
      req.destroy();
    });
    req.on("response", (res) => {
      const status = String(res.statusCode ?? "?");
      let excerpt = "";
      res.on("data", (chunk: Buffer) => {
        if (excerpt.length < 300) excerpt += chunk.toString("utf8");
      });
      res.on("end", () => done({ status, excerpt: excerpt.slice(0, 300) }));
      res.on("error", () => done({ status, excerpt: excerpt.slice(0, 300) }));
      // A lying request never finishes its body: take the status line and hang up.
      if (request.lyingLength) {
        done({ status, excerpt: "" });
        req.destroy();
      }
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server had just closed: send again on a fresh one.
      const reset = error.code === "ECONNRESET" || error.code === "EPIPE";
      if (reset && headBytes(request) > SERVER_HEAD_LIMIT) done({ status: "431 (reset)", excerpt: error.message });
      // Node's parser answers a method it does not know (FOO) with 400 and closes, likewise mid-body.
      else if (reset && !http.METHODS.includes(request.method)) done({ status: "400 (reset)", excerpt: error.message });
      else done({ status: error.code ?? "error", excerpt: error.message, retry: req.reusedSocket && reset });
    });
    if (request.lyingLength) req.write(Buffer.alloc(64 * 1024, 0x7b));
    else req.end(body);
  });
}

async function send(base: URL, request: FuzzRequest, agent: http.Agent): Promise<Answer> {
  const first = await sendOnce(base, request, agent);
  return first.retry ? sendOnce(base, request, agent) : first;
}

/** Sends every request with at most `concurrency` in flight; answers are tallied by status and by target. */
export async function sendAll(base: URL, requests: FuzzRequest[], concurrency: number): Promise<Tally> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const tally: Tally = { histogram: new Map(), perTarget: new Map(), failures: [], sent: 0 };
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const answer = await send(base, request, agent);
      tally.histogram.set(answer.status, (tally.histogram.get(answer.status) ?? 0) + 1);
      if (answer.status !== "client refused") {
        tally.sent++;
        for (const target of [request.target, request.route ?? ""])
          if (target) tally.perTarget.set(target, (tally.perTarget.get(target) ?? 0) + 1);
      }
      if (isFailure(request, answer)) tally.failures.push({ request, answer });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return tally;
}

export function formatHistogram(histogram: Map<string, number>): string {
  return [...histogram.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`)
    .join("  ");
}

export function formatFailure({ request, answer }: { request: FuzzRequest; answer: Answer }): string {
  const body = request.body === undefined ? "" : Buffer.from(request.body).toString("utf8");
  const excerpt = (s: string) => JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}…(${s.length} chars)` : s);
  const path = request.path.length > 200 ? `${request.path.slice(0, 200)}…` : request.path;
  return `${answer.status} ${request.method} ${path}${request.lyingLength ? " [Content-Length: 10 GB]" : ""}\n      headers ${excerpt(JSON.stringify(request.headers))}\n      body ${excerpt(body)}\n      answer ${excerpt(answer.excerpt)}`;
}
