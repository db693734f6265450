// A company's problems from its facts, each one plain sentence with the page that fixes it. Pure: the clock and
// the facts come in, so every screen, the alerts and the digest say the same thing about the same moment.
import { ONLINE_WITHIN_MS } from "@/server/integrations/sage100/agent-limits";
import { ALERT_KINDS, ALERT_KIND_LIST, type AlertKind } from "@/server/services/alerts/kinds";
import { SYSTEM_LABEL } from "@/server/domain/model";
import { flowCarrying } from "./flow-health";
import type { CompanyFacts, MissingRate, RecordGroup, SampleRecord } from "./health-facts";
import {
  companyPaths,
  fxRateHref,
  recordHref,
  recordsHref,
  redateClosedHref,
  flowHref,
  tieOutDayHref,
  type CompanyPaths,
} from "./hrefs";
import type { HealthProblem } from "./types";
import { capitalised, clockTime, countOf, dayLabel, plural, recordNoun, sinceWhen } from "./words";
import { flowLabel } from "@/server/services/sync/flow-catalogue";

/** Runs failing in a row before a flow counts as failing (one failed run may be a blip the next run clears). */
export const FLOW_FAILING_AFTER = 2;

const FX_FIELD = /^fx:([A-Z]{3}):([A-Z]{3}):(\d{4}-\d{2}-\d{2})$/;

function problem(kind: AlertKind, subject: string, sentence: string, href: string, count = 1): HealthProblem {
  return { kind, subject, severity: ALERT_KINDS[kind].severity, sentence, href, count };
}

/** The Sage 100 agent is not paired, or has not been heard from for longer than the company allows. */
export function agentProblems(f: CompanyFacts, p: CompanyPaths, now: Date): HealthProblem[] {
  if (!f.agent)
    return [
      problem(
        "agent_offline",
        "agent",
        "No Sage 100 agent is paired: nothing can reach Sage 100 until one is.",
        p.company,
      ),
    ];
  const heard = lastHeard(f.agent);
  const at = heard ?? f.agent.createdAt;
  if (now.getTime() - at.getTime() <= f.settings.agentOfflineMinutes * 60_000) return [];
  const when = sinceWhen(at, now, f.company.timezone);
  const sentence = heard
    ? `The Sage 100 agent has not been heard from since ${when}.`
    : `The Sage 100 agent has not been heard from since it was paired at ${when}.`;
  return [problem("agent_offline", "agent", sentence, p.company)];
}

export function lastHeard(agent: NonNullable<CompanyFacts["agent"]>): Date | null {
  const t = Math.max(agent.lastHeartbeatAt?.getTime() ?? 0, agent.lastSeenAt?.getTime() ?? 0);
  return t > 0 ? new Date(t) : null;
}

export function agentOnline(f: CompanyFacts, now: Date): boolean | null {
  if (!f.agent) return null;
  const heard = lastHeard(f.agent);
  return heard !== null && now.getTime() - heard.getTime() < ONLINE_WITHIN_MS;
}

const CONNECTION_SENTENCE: Record<"EXPIRED" | "LOCKED" | "ERROR", string> = {
  EXPIRED: "The KashFlow connection has expired",
  LOCKED: "KashFlow has locked the account",
  ERROR: "The KashFlow connection is failing",
};

/** Expired, locked or erroring, or calls that never reached KashFlow (refused, reset, timed out). */
export function connectionProblems(f: CompanyFacts, p: CompanyPaths, now: Date): HealthProblem[] {
  const k = f.connection;
  if (!k)
    return [
      problem(
        "kashflow_connection",
        "connection",
        "KashFlow is not connected: nothing is read from it or written to it.",
        p.company,
      ),
    ];
  if (k.status !== "CONNECTED") {
    return [
      problem(
        "kashflow_connection",
        "connection",
        `${CONNECTION_SENTENCE[k.status]}${k.lastError ? `: ${k.lastError.replace(/\.$/, "")}` : ""}.`,
        p.company,
      ),
    ];
  }
  if (k.failingSince) {
    return [
      problem(
        "kashflow_connection",
        "connection",
        `KashFlow cannot be reached (since ${clockTime(k.failingSince, now, f.company.timezone)}): ${(k.lastFailure ?? "no answer").replace(/\.$/, "")}.`,
        p.company,
      ),
    ];
  }
  return [];
}

type Tally = { groups: RecordGroup[]; n: number };
const tally = (): Tally => ({ groups: [], n: 0 });
const add = (t: Tally, g: RecordGroup) => {
  t.groups.push(g);
  t.n += g.n;
};

/** Dead and refused postings, held records, closed periods and records waiting for a rate, per flow. */
export function recordProblems(
  f: CompanyFacts,
  p: CompanyPaths,
): { problems: HealthProblem[]; fxHeld: Map<string, number> } {
  const failed = new Map<string, Tally>();
  const held = new Map<string, Tally>();
  const closed = new Map<string, Tally>();
  const fxHeld = new Map<string, number>();
  const bucket = (m: Map<string, Tally>, key: string) => m.get(key) ?? m.set(key, tally()).get(key)!;
  for (const g of f.records) {
    const flow = flowCarrying(g.system, g.model).id;
    if (g.status === "DEAD" || (g.status === "HELD" && g.bucket === "target")) add(bucket(failed, flow), g);
    else if (g.status === "HELD" && g.bucket === "period_closed") add(bucket(closed, flow), g);
    else if (g.status === "HELD" && g.bucket.startsWith("fx:")) {
      const m = FX_FIELD.exec(g.bucket);
      if (m) fxHeld.set(`${m[1]}-${m[2]}:${m[3]}`, (fxHeld.get(`${m[1]}-${m[2]}:${m[3]}`) ?? 0) + g.n);
      else add(bucket(held, flow), g);
    } else if (g.status === "HELD") add(bucket(held, flow), g);
  }
  const problems: HealthProblem[] = [];
  for (const [flowId, t] of failed) problems.push(failedPostings(f, p, flowId, t));
  for (const [flowId, t] of held) {
    const g = t.groups[0]!;
    const noun = models(t);
    problems.push(
      problem(
        "held_records",
        flowId,
        `${countOf(t.n, noun)} ${t.n === 1 ? "is" : "are"} held for a person.`,
        recordsHref(p, { status: "HELD", model: noun, system: g.system }),
        t.n,
      ),
    );
  }
  for (const [flowId, t] of closed) {
    const noun = models(t);
    // One document: its own page (which says why and links the fix); several: the setting that re-dates them all.
    const one = t.n === 1 ? f.samples.get(t.groups[0]!.sampleId) : undefined;
    problems.push(
      one
        ? problem(
            "period_closed",
            flowId,
            `${capitalised(recordName(noun, one))} is held because its Sage 100 period is closed.`,
            recordHref(p, t.groups[0]!.sampleId),
            1,
          )
        : problem(
            "period_closed",
            flowId,
            `${countOf(t.n, noun)} are held because their Sage 100 period is closed.`,
            redateClosedHref(p),
            t.n,
          ),
    );
  }
  return { problems, fxHeld };
}

/** The model a tally's records are of (the first group's: a flow carries one model, summary journals aside). */
const models = (t: Tally): string => t.groups[0]!.model;

function failedPostings(f: CompanyFacts, p: CompanyPaths, flowId: string, t: Tally): HealthProblem {
  const g = t.groups[0]!;
  const target = SYSTEM_LABEL[flowCarrying(g.system, g.model).target];
  const dead = t.groups.filter((x) => x.status === "DEAD").reduce((n, x) => n + x.n, 0);
  const refused = t.n - dead;
  if (t.n === 1) {
    const sample = f.samples.get(g.sampleId);
    const name = sample ? recordName(g.model, sample) : recordNoun(g.model, 1);
    const why = sample?.errorMessage ? `: ${sample.errorMessage.replace(/\.$/, "")}` : "";
    const sentence = dead
      ? `${capitalised(name)} could not be written to ${target} and is out of retries${why}.`
      : `${target} refused ${name}${why}.`;
    return problem("failed_postings", flowId, sentence, recordHref(p, g.sampleId), 1);
  }
  const parts = [
    refused ? `${refused.toLocaleString("en-GB")} refused by ${target}` : null,
    dead ? `${dead.toLocaleString("en-GB")} out of retries` : null,
  ]
    .filter(Boolean)
    .join(", ");
  const status = dead === 0 ? "HELD" : refused === 0 ? "DEAD" : undefined;
  return problem(
    "failed_postings",
    flowId,
    `${countOf(t.n, g.model)} could not be written to ${target} (${parts}).`,
    recordsHref(p, { status, model: g.model, system: g.system }),
    t.n,
  );
}

/** "sales invoice 1042", "customer ACME01", "payment on sales invoice 39". */
export function recordName(model: string, r: SampleRecord): string {
  if (model === "payment" && r.paysNumber)
    return `payment on ${recordNoun(r.paysType ?? "sales_invoice", 1)} ${r.paysNumber}`;
  return `${recordNoun(model, 1)} ${r.number ?? r.code ?? r.externalId}`;
}

/** A flow whose runs end in an error, run after run (still so while its next run is going: no alert flaps). */
export function flowProblems(f: CompanyFacts, p: CompanyPaths): HealthProblem[] {
  return f.states
    .filter((s) => s.consecutiveFailures >= FLOW_FAILING_AFTER && !s.paused && !f.settings.pausedFlows.includes(s.flow))
    .map((s) =>
      problem(
        "flow_failing",
        s.flow,
        `${flowLabel(s.flow)} failed ${s.consecutiveFailures} runs in a row${s.lastError ? `: ${s.lastError.replace(/\.$/, "")}` : ""}.`,
        flowHref(p, s.flow),
        s.consecutiveFailures,
      ),
    );
}

/** Days that do not tie out, and rates missing for the tie-out or for held documents. */
export function tieOutProblems(f: CompanyFacts, p: CompanyPaths, fxHeld: Map<string, number>): HealthProblem[] {
  const byDay = new Map<string, number>();
  const rates = new Map<string, MissingRate & { documents: number }>();
  for (const t of f.tieOuts) {
    if (t.varianceCount > 0 || t.varianceMinor !== 0)
      byDay.set(t.day, (byDay.get(t.day) ?? 0) + Math.max(t.varianceCount, 1));
    for (const r of t.missingRates) {
      const key = `${r.from}-${r.to}:${r.day}`;
      const seen = rates.get(key) ?? { ...r, documents: 0 };
      seen.documents += r.documents ?? 1;
      rates.set(key, seen);
    }
  }
  for (const [key, n] of fxHeld) {
    const m = /^([A-Z]{3})-([A-Z]{3}):(.+)$/.exec(key)!;
    const seen = rates.get(key) ?? { from: m[1]!, to: m[2]!, day: m[3]!, documents: 0 };
    seen.documents += n;
    rates.set(key, seen);
  }
  const problems: HealthProblem[] = [];
  for (const [day, n] of [...byDay].sort(([a], [b]) => b.localeCompare(a))) {
    problems.push(
      problem(
        "tie_out_variance",
        day,
        `${plural(n, "document")} dated ${dayLabel(day)} ${n === 1 ? "does" : "do"} not tie out between KashFlow and Sage 100.`,
        tieOutDayHref(p, day),
        n,
      ),
    );
  }
  for (const [key, r] of [...rates].sort(([a], [b]) => a.localeCompare(b))) {
    problems.push(
      problem(
        "fx_missing",
        key,
        `No ${r.from}→${r.to} rate for ${dayLabel(r.day)}.`,
        fxRateHref(p, r.from, r.to, r.day),
        r.documents,
      ),
    );
  }
  return problems;
}

/** What a company in set-up still lacks before it can sync (informational: never alerted). */
export function setupProblems(f: CompanyFacts, p: CompanyPaths): HealthProblem[] {
  const out: HealthProblem[] = [];
  if (!f.connection)
    out.push({
      kind: "setup",
      subject: "kashflow",
      severity: "info",
      sentence: "KashFlow is not connected yet.",
      href: p.company,
      count: 1,
    });
  else if (f.connection.status !== "CONNECTED")
    out.push({
      kind: "setup",
      subject: "kashflow",
      severity: "info",
      sentence: "KashFlow needs reconnecting.",
      href: p.company,
      count: 1,
    });
  if (!f.agent)
    out.push({
      kind: "setup",
      subject: "agent",
      severity: "info",
      sentence: "No Sage 100 agent is paired yet.",
      href: p.company,
      count: 1,
    });
  return out;
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;
const kindOrder = (k: HealthProblem["kind"]) => (k === "setup" ? ALERT_KIND_LIST.length : ALERT_KIND_LIST.indexOf(k));

/** Worst first, then in the order of the alert kinds, then by subject. */
export function sortProblems(problems: HealthProblem[]): HealthProblem[] {
  return problems.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      kindOrder(a.kind) - kindOrder(b.kind) ||
      a.subject.localeCompare(b.subject),
  );
}

export function allProblems(f: CompanyFacts, now: Date): HealthProblem[] {
  const p = companyPaths(f.company.orgSlug, f.company.id);
  if (f.company.status === "ARCHIVED") return [];
  if (f.company.status === "SETTING_UP") return setupProblems(f, p);
  const records = recordProblems(f, p);
  return sortProblems([
    ...agentProblems(f, p, now),
    ...connectionProblems(f, p, now),
    ...records.problems,
    ...flowProblems(f, p),
    ...tieOutProblems(f, p, records.fxHeld),
  ]);
}
