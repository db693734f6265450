// One generator per inbound surface. Each spreads its requests over every target it discovered (route file and
// method, procedure, action id, page), so a route, procedure or action added later is fuzzed without editing this.
import type { AppFile, ServerAction, ServerInputs } from "./discover";
import {
  brokenBody,
  CONTENT_TYPES,
  encodeLoosely,
  nastyAuthorization,
  nastyCookie,
  nastyJsonValue,
  nastyQuery,
  nastySegment,
  nastyString,
  objectOf,
  WRONG_METHODS,
} from "./payloads";
import type { Rng } from "./prng";

export type FuzzRequest = {
  surface: string;
  /** What this request covers: a route file + method, a procedure, an action id, a page file. */
  target: string;
  /** The route file and method it reaches, when the target is something inside it (a procedure). */
  route?: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Content-Length claims 10 GB; a small part is sent. The server may answer or wait: only a 5xx fails. */
  lyingLength?: boolean;
  /** A valid long poll may be held open; giving up on it is not a failure. */
  mayHold?: boolean;
};

/** Who the fuzz signs in as: a fresh user owning one org and company, and an agent paired to that company. */
export type Identity = {
  origin: string;
  sessionCookie: string;
  csrfCookie: string;
  csrfToken: string;
  slug: string;
  orgId: string;
  companyId: string;
  agentToken: string;
};

export type SurfaceInput = {
  routes: AppFile[];
  pages: AppFile[];
  actions: ServerAction[];
  server: ServerInputs;
  identity: Identity;
};

export type Surface = { name: string; targets: string[]; generate(r: Rng, i: number): FuzzRequest };

const isAgent = (f: AppFile) => f.pattern.startsWith("/api/agent/");
const GROUP_PREFIXES: [string, string][] = [
  ["agent routes", "/api/agent/"],
  ["tRPC", "/api/trpc/"],
  ["auth", "/api/auth/"],
  ["KashFlow callback", "/api/kashflow/callback"],
  ["Inngest", "/api/inngest"],
  ["health", "/api/health"],
];

/** The surface group a route file belongs to; any route not named here is fuzzed as "other routes". */
export function groupOf(file: AppFile): string {
  return GROUP_PREFIXES.find(([, prefix]) => file.pattern.startsWith(prefix))?.[0] ?? "other routes";
}

function pick<T>(r: Rng, weighted: [number, T][]): T {
  let x = r.next() * weighted.reduce((s, [w]) => s + w, 0);
  for (const [w, v] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![1];
}

function fillSegments(r: Rng, file: AppFile, known: Record<string, string>): string {
  return `/${file.segments
    .map((seg) => {
      const name = /^\[+(?:\.\.\.)?([^\]]+)\]+$/.exec(seg)?.[1];
      if (!name) return seg;
      if (known[name] && r.chance(0.5)) return known[name];
      if (seg.includes("...") && r.chance(0.3)) return `${nastySegment(r)}/${nastySegment(r)}`;
      return nastySegment(r);
    })
    .join("/")}`;
}

function methodFor(r: Rng, methods: string[], wrongShare = 0.15): string {
  return r.chance(wrongShare) || methods.length === 0 ? r.pick(WRONG_METHODS) : r.pick(methods);
}

function jsonHeaders(r: Rng): Record<string, string> {
  const type = r.chance(0.7) ? "application/json" : r.pick(CONTENT_TYPES);
  return type ? { "content-type": type } : {};
}

function cookieFor(r: Rng, id: Identity, signedInShare: number): Record<string, string> {
  if (r.chance(signedInShare)) return { cookie: id.sessionCookie };
  const cookie = nastyCookie(r);
  return cookie ? { cookie } : {};
}

/** Spreads request i over the targets so each gets its share (counts per target differ by at most one). */
function targetOf<T>(items: T[], i: number): T {
  return items[i % items.length]!;
}

/** Bodies the agent schemas accept, so one hostile field at a time gets past validation to the storing code. */
const VALID_AGENT_BODIES: Record<string, unknown> = {
  heartbeatRequestSchema: {
    hostname: "fuzz-host",
    agentVersion: "0.0.0-fuzz",
    driver: "simulator",
    sageCompany: "ABC",
    state: "running",
    lastError: { message: "disk slow", at: "2026-01-01T00:00:00Z" },
  },
  changeBatchSchema: {
    batchId: "fuzzbatch0001",
    table: "AR_Customer",
    keyColumns: ["ARDivisionNo", "CustomerNo"],
    rows: [{ ARDivisionNo: "01", CustomerNo: "FUZZ01", CustomerName: "Fuzz Ltd" }],
    highWater: { date: "2026-01-01", time: "12.5" },
  },
  commandOutcomeSchema: { status: "done", result: { note: "ok" }, warnings: ["w"], durationMs: 5 },
  leaseRequestSchema: { max: 1, waitMs: 0, leaseMs: 60_000 },
  pairRequestSchema: { code: "ABCD-EFGH", hostname: "fuzz-host", agentVersion: "0.0.0-fuzz", driver: "simulator" },
};

function parsedOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** `valid` with one leaf (string, number, key) swapped for a hostile one: NUL, lone surrogate, wrong type, huge. */
export function nearValid(r: Rng, valid: unknown): string {
  const leaves: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    else leaves.push(path);
  };
  walk(valid, []);
  const target = r.pick(leaves);
  const copy = structuredClone(valid) as Record<string, unknown>;
  let node = copy;
  for (const key of target.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const leaf = target[target.length - 1]!;
  const original = node[leaf];
  const hostile = r.chance(0.6)
    ? `${String(original)}${r.pick(["\u0000", "\ud800", "\udfff", "\u0000\ud83d"])}`
    : nastyString(r);
  if (r.chance(0.15)) {
    delete node[leaf];
    node[`${leaf}${r.pick(["\u0000", "\ud800"])}`] = original;
  } else node[leaf] = r.chance(0.8) ? hostile : parsedOr(nastyJsonValue(r), hostile);
  return JSON.stringify(copy);
}

function agentSurface({ routes, server, identity }: SurfaceInput): Surface {
  const files = routes.filter(isAgent);
  const targets = files.flatMap((f) => f.methods.map((m) => `${f.file} ${m}`));
  return {
    name: "agent routes",
    targets,
    generate(r, i) {
      const file = files[i % files.length]!;
      const schema = /schema:\s*(\w+)/.exec(file.source)?.[1];
      const fields = (schema && server.wireSchemas[schema]) || [];
      const method = methodFor(r, file.methods);
      const authorized = r.chance(0.35);
      const holds = authorized && file.pattern.endsWith("/lease");
      let body: string | Buffer;
      const valid = schema ? VALID_AGENT_BODIES[schema] : undefined;
      if (valid && r.chance(0.4)) {
        body = nearValid(r, valid);
        if (holds) body = JSON.stringify({ ...JSON.parse(body), waitMs: 0 });
      } else if (r.chance(0.55)) {
        body = objectOf(
          r,
          fields.filter((f) => !(holds && f === "waitMs")),
          0,
          { max: 1, leaseMs: 60_000, hostname: "fuzz-host", code: "ABCD-EFGH" },
        );
        // A real long poll is 20 s; the fuzz wants the answer, not the wait.
        if (holds) body = body.replace(/^\{/, body === "{}" ? '{"waitMs":0' : '{"waitMs":0,');
      } else body = brokenBody(r);
      const authorization = authorized ? `Bearer ${identity.agentToken}` : nastyAuthorization(r);
      return {
        surface: "agent routes",
        target: `${file.file} ${file.methods.includes(method) ? method : "wrong-method"}`,
        method,
        path: fillSegments(r, file, {}),
        headers: { ...jsonHeaders(r), ...(authorization ? { authorization } : {}) },
        body: method === "GET" || method === "HEAD" ? undefined : body,
        mayHold: holds,
      };
    },
  };
}

function superjsonInput(r: Rng, fields: string[], id: Identity): string {
  const valid = { orgId: id.orgId, companyId: id.companyId, slug: id.slug };
  const value = r.chance(0.7) ? objectOf(r, fields, 0, valid) : nastyJsonValue(r);
  return pick(r, [
    [70, `{"json":${value}}`],
    [10, `{"json":${value},"meta":{"values":${nastyJsonValue(r)}}}`],
    [
      5,
      `{"json":${value},"meta":{"values":{"${fields[0] ?? "x"}":["${r.pick(["Date", "map", "set", "bigint", "class", "custom", "regexp", "undefined"])}"]}}}`,
    ],
    [15, String(brokenBody(r))],
  ]);
}

/** Procedures that wait for the agent's answer (up to 20 s): with the fuzz's silent agent they hold, as designed. */
const WAITS_FOR_AGENT = new Set(["mappings.refreshSageLists", "sage100.pingAgent"]);

function trpcSurface({ routes, server, identity }: SurfaceInput): Surface {
  const procedures = server.procedures;
  const file = routes.find((f) => groupOf(f) === "tRPC");
  return {
    name: "tRPC",
    targets: [...procedures.map((p) => p.path), ...(file?.methods.map((m) => `${file.file} ${m}`) ?? [])],
    generate(r, i) {
      const proc = targetOf(procedures, i);
      const headers = { ...cookieFor(r, identity, 0.5) };
      const style = pick(r, [
        [40, "get"],
        [35, "post"],
        [15, "batch"],
        [10, "odd"],
      ]);
      if (style === "batch") {
        const others = Array.from({ length: r.int(0, 2) }, () => r.pick(procedures).path);
        const paths = [proc.path, ...others];
        const input = `{${paths.map((_, k) => `"${k}":${superjsonInput(r, proc.fields, identity)}`).join(",")}}`;
        const post = r.chance(0.5);
        return {
          surface: "tRPC",
          target: proc.path,
          route: `${file?.file} ${post ? "POST" : "GET"}`,
          method: post ? "POST" : "GET",
          path: `/api/trpc/${paths.join(",")}?batch=1${post ? "" : `&input=${encodeLoosely(input)}`}`,
          headers: post ? { ...headers, ...jsonHeaders(r) } : headers,
          body: post ? input : undefined,
          mayHold: paths.some((p) => WAITS_FOR_AGENT.has(p)),
        };
      }
      const input = superjsonInput(r, proc.fields, identity);
      if (style === "get")
        return {
          surface: "tRPC",
          target: proc.path,
          route: `${file?.file} GET`,
          method: "GET",
          path: `/api/trpc/${proc.path}?input=${r.chance(0.1) ? nastySegment(r) : encodeLoosely(input)}`,
          headers,
          mayHold: WAITS_FOR_AGENT.has(proc.path),
        };
      if (style === "post")
        return {
          surface: "tRPC",
          target: proc.path,
          route: `${file?.file} POST`,
          method: "POST",
          path: `/api/trpc/${proc.path}`,
          headers: { ...headers, ...jsonHeaders(r) },
          body: input,
          mayHold: WAITS_FOR_AGENT.has(proc.path),
        };
      return {
        surface: "tRPC",
        target: proc.path,
        method: r.pick(WRONG_METHODS),
        path: `/api/trpc/${r.chance(0.5) ? proc.path : `${proc.path}${r.pick([".x", "/x", "%00", "%zz", ",", "..__proto__"])}`}`,
        headers: { ...headers, ...jsonHeaders(r) },
        body: input,
      };
    },
  };
}

const AUTH_ACTIONS = [
  ["GET", "POST", "signin"],
  ["POST", "signin/email"],
  ["POST", "signin/google"],
  ["GET", "callback/email"],
  ["GET", "callback/google"],
  ["GET", "csrf"],
  ["GET", "session"],
  ["GET", "providers"],
  ["GET", "POST", "signout"],
  ["GET", "error"],
  ["GET", "verify-request"],
];

function authSurface({ routes, identity }: SurfaceInput): Surface {
  const files = routes.filter((f) => groupOf(f) === "auth");
  return {
    name: "auth",
    targets: files.flatMap((f) => f.methods.map((m) => `${f.file} ${m}`)),
    generate(r, i) {
      const file = targetOf(files, i);
      const action = r.chance(0.9) ? r.pick(AUTH_ACTIONS) : ["GET", "POST", `${nastySegment(r)}/${nastySegment(r)}`];
      const allowed = action.slice(0, -1);
      const method = r.chance(0.1) ? r.pick(WRONG_METHODS) : r.pick(r.chance(0.5) ? allowed : file.methods);
      const query = nastyQuery(r, ["callbackUrl", "token", "email", "error", "csrf"]);
      const form = [
        `csrfToken=${r.chance(0.5) ? identity.csrfToken : encodeLoosely(nastyString(r))}`,
        `email=${r.chance(0.03) ? `fuzz-${r.int(0, 1e6)}%40example.test` : encodeLoosely(nastyString(r))}`,
        `callbackUrl=${encodeLoosely(r.pick(["//evil.example", "javascript:alert(1)", "/o/x", nastyString(r)]))}`,
      ]
        .filter(() => r.chance(0.8))
        .join("&");
      const cookies = [r.chance(0.5) ? identity.csrfCookie : "", nastyCookie(r) ?? ""].filter(Boolean).join("; ");
      return {
        surface: "auth",
        target: `${file.file} ${file.methods.includes(method) ? method : "wrong-method"}`,
        method,
        path: `/api/auth/${action[action.length - 1]}${query}`,
        headers: {
          "content-type": r.chance(0.7) ? "application/x-www-form-urlencoded" : r.pick(CONTENT_TYPES),
          ...(cookies ? { cookie: cookies } : {}),
          ...(r.chance(0.2) ? { origin: r.pick(["https://evil.example", "null", identity.origin]) } : {}),
        },
        body: method === "GET" || method === "HEAD" ? undefined : r.chance(0.75) ? form : brokenBody(r),
      };
    },
  };
}

function actionsSurface({ actions, pages, identity }: SurfaceInput): Surface {
  const pagePatterns = pages.map((p) => p.pattern);
  return {
    name: "server actions",
    targets: actions.map((a) => a.id),
    generate(r, i) {
      const action = targetOf(actions, i);
      const id = pick(r, [
        [75, action.id],
        [15, Array.from({ length: 42 }, () => r.int(0, 15).toString(16)).join("")],
        [10, encodeLoosely(nastyString(r)).slice(0, 200)],
      ]);
      const page = r.chance(0.8) && action.pages.length ? r.pick(action.pages) : r.pick(pagePatterns);
      const path = page.replace(/\[[^\]]+\]/g, () => (r.chance(0.5) ? identity.slug : nastySegment(r)));
      const body = pick<string | Buffer>(r, [
        [30, `[${nastyJsonValue(r)},${nastyJsonValue(r)}]`],
        [
          25,
          `--xyz\r\nContent-Disposition: form-data; name="${r.pick(["email", "callbackUrl", "1_email", "0", "\u0000"])}"\r\n\r\n${nastyString(r)}\r\n--xyz--\r\n`,
        ],
        [15, `email=${encodeLoosely(nastyString(r))}&callbackUrl=${encodeLoosely(nastyString(r))}`],
        [30, brokenBody(r)],
      ]);
      return {
        surface: "server actions",
        target: action.id,
        method: r.chance(0.9) ? "POST" : r.pick(WRONG_METHODS),
        path,
        headers: {
          "next-action": id,
          "content-type": r.pick([
            "multipart/form-data; boundary=xyz",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            ...CONTENT_TYPES,
          ]),
          ...pick<Record<string, string>>(r, [
            [60, { origin: identity.origin }],
            [20, { origin: "https://evil.example" }],
            [10, { origin: "null" }],
            [10, {}],
          ]),
          ...(r.chance(0.2) ? { "next-router-state-tree": encodeLoosely(nastyJsonValue(r)) } : {}),
          ...cookieFor(r, identity, 0.3),
        },
        body,
      };
    },
  };
}

/** A surface of route files whose handlers read the query, headers and body generically. */
function routeFilesSurface(name: string, files: AppFile[], identity: Identity, queryNames: string[]): Surface {
  return {
    name,
    targets: files.flatMap((f) => f.methods.map((m) => `${f.file} ${m}`)),
    generate(r, i) {
      const file = targetOf(files, i);
      const method = methodFor(r, file.methods);
      return {
        surface: name,
        target: `${file.file} ${file.methods.includes(method) ? method : "wrong-method"}`,
        method,
        path: `${fillSegments(r, file, { slug: identity.slug, companyId: identity.companyId })}${nastyQuery(r, queryNames)}`,
        headers: {
          ...jsonHeaders(r),
          ...cookieFor(r, identity, 0.4),
          ...(r.chance(0.2) ? { "x-inngest-signature": `t=${r.int(0, 1e10)}&s=${nastySegment(r)}` } : {}),
          ...(r.chance(0.1) ? { "x-ledgerlink-demo-token": encodeLoosely(nastyString(r)).slice(0, 500) } : {}),
          ...(r.chance(0.1) ? { accept: r.pick(["*/*;q=x", "text/html", "\u00ff", "application/json"]) } : {}),
        },
        body:
          method === "GET" || method === "HEAD"
            ? undefined
            : r.chance(0.5)
              ? objectOf(r, ["event", "events", "steps", "ctx", "version", "token", "from", "state", "code"])
              : brokenBody(r),
      };
    },
  };
}

function pagesSurface({ pages, identity }: SurfaceInput): Surface {
  return {
    name: "pages",
    targets: pages.map((p) => p.file),
    generate(r, i) {
      const file = targetOf(pages, i);
      const rsc = r.chance(0.15);
      return {
        surface: "pages",
        target: file.file,
        method: r.chance(0.85) ? "GET" : r.pick(["HEAD", "POST", ...WRONG_METHODS]),
        path: `${fillSegments(r, file, { slug: identity.slug, companyId: identity.companyId })}${nastyQuery(r, ["callbackUrl", "to", "error", "kashflow", "token", "page", "cursor", "status"])}`,
        headers: {
          ...cookieFor(r, identity, 0.5),
          ...(rsc ? { rsc: "1" } : {}),
          ...(r.chance(0.1) ? { "next-router-state-tree": encodeLoosely(nastyJsonValue(r)) } : {}),
          ...(r.chance(0.05) ? { "next-router-prefetch": "1", "next-router-segment-prefetch": nastySegment(r) } : {}),
        },
        body: r.chance(0.1) ? brokenBody(r) : undefined,
      };
    },
  };
}

/** Every surface, in the order they run: the ones that could sign the fuzz user out or revoke its agent go last. */
export function surfaces(input: SurfaceInput): Surface[] {
  const byGroup = (group: string) => input.routes.filter((f) => groupOf(f) === group);
  return [
    routeFilesSurface("health", byGroup("health"), input.identity, ["probe", "x"]),
    routeFilesSurface("Inngest", byGroup("Inngest"), input.identity, ["fnId", "stepId", "probe", "deployId"]),
    agentSurface(input),
    routeFilesSurface("KashFlow callback", byGroup("KashFlow callback"), input.identity, ["state", "code", "error"]),
    pagesSurface(input),
    routeFilesSurface("other routes", byGroup("other routes"), input.identity, ["token", "from"]),
    trpcSurface(input),
    authSurface(input),
    actionsSurface(input),
  ];
}
