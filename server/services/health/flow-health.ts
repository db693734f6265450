// Each flow's health: "OK" only when it has run and nothing it carries is held, failed or dead. Records are
// counted against the flow that carries them (its source system and model).
import { flowCatalogue, type FlowInfo } from "@/server/services/sync/flow-catalogue";
import { SALES_INVOICES_FLOW_ID } from "@/server/sync/flows/sales-invoices/flow";
import type { SyncSystem } from "@/server/domain/model";
import type { CompanyFacts } from "./health-facts";
import type { FlowHealth } from "./types";

/** Ledger models carried inside another flow's run: summary journals go with the sales invoices. */
const CARRIED_BY: Record<string, string> = { "KASHFLOW|journal": SALES_INVOICES_FLOW_ID };

export type RecordFlow = { id: string; label: string; model: string; source: SyncSystem; target: SyncSystem };

/** The flow that carries records of `model` out of `system`; a stand-in named after them when none does. */
export function flowCarrying(system: SyncSystem, model: string): RecordFlow {
  const catalogue = flowCatalogue();
  const id = CARRIED_BY[`${system}|${model}`];
  const flow: FlowInfo | undefined = id
    ? catalogue.find((f) => f.id === id)
    : catalogue.find((f) => f.source === system && f.model === model);
  if (flow) return { id: flow.id, label: flow.label, model, source: flow.source, target: flow.target };
  return {
    id: `${system.toLowerCase()}.${model}`,
    label: model,
    model,
    source: system,
    target: system === "KASHFLOW" ? "SAGE100" : "KASHFLOW",
  };
}

export type FlowRecordCounts = { held: number; failed: number; dead: number };

/** held / failed / dead per flow id. */
export function countsByFlow(facts: CompanyFacts): Map<string, FlowRecordCounts> {
  const out = new Map<string, FlowRecordCounts>();
  for (const g of facts.records) {
    if (g.status === "PENDING") continue;
    const id = flowCarrying(g.system, g.model).id;
    const c = out.get(id) ?? { held: 0, failed: 0, dead: 0 };
    if (g.status === "HELD") c.held += g.n;
    else if (g.status === "FAILED") c.failed += g.n;
    else c.dead += g.n;
    out.set(id, c);
  }
  return out;
}

/** "3 held, 1 failed". */
export function attentionParts(c: FlowRecordCounts): string {
  return [
    c.held ? `${c.held.toLocaleString("en-GB")} held` : null,
    c.failed ? `${c.failed.toLocaleString("en-GB")} failed` : null,
    c.dead ? `${c.dead.toLocaleString("en-GB")} dead` : null,
  ]
    .filter(Boolean)
    .join(", ");
}

export function flowHealths(facts: CompanyFacts): FlowHealth[] {
  const counts = countsByFlow(facts);
  const stateOf = new Map(facts.states.map((s) => [s.flow, s]));
  return flowCatalogue().map((flow) => {
    const c = counts.get(flow.id) ?? { held: 0, failed: 0, dead: 0 };
    const s = stateOf.get(flow.id);
    const base = { flowId: flow.id, ...c };
    if (facts.settings.pausedFlows.includes(flow.id)) return { ...base, state: "off", label: "Off" };
    if (s?.paused) return { ...base, state: "paused", label: "Paused" };
    if (s?.status === "FAILED")
      return { ...base, state: "failing", label: `Failing: ${s.lastError ?? "the last run ended in an error"}` };
    if (c.held + c.failed + c.dead > 0)
      return { ...base, state: "attention", label: `Needs attention: ${attentionParts(c)}` };
    if (!s?.runFinishedAt) return { ...base, state: "not_run", label: "Not run yet" };
    return { ...base, state: "ok", label: "OK" };
  });
}
