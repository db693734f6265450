// Where a preview run has got to, kept on its PreviewRun row between steps (so a crash or another Inngest step
// resumes it): the flows it previews, the current flow and stage, the id cursor through its records, and what it
// has planned so far that later flows need (the links it would make, the records it would hold).
import { z } from "zod";
import type { PlannedLinks } from "@/server/sync/engine/planned-links";
import { FLOWS } from "@/server/sync/flows";
import type { ModelName } from "@/server/domain/model";

/** Models whose links later flows look up (a document's party, a stock level's product, a payment's invoice). */
const LINKED_MODELS: readonly string[] = ["customer", "supplier", "item", "sales_invoice", "purchase_invoice"];
/** Models later flows wait for (the party of a document, the invoice of a payment). */
const WAITED_FOR: readonly string[] = ["customer", "supplier", "item", "sales_invoice", "purchase_invoice"];

const rootHold = z.object({ code: z.string(), field: z.string().nullable(), message: z.string() });
export type RootHold = z.infer<typeof rootHold>;
const linkSchema = z.object({ id: z.string(), key: z.string() });

export const previewWorkSchema = z.object({
  flowIds: z.array(z.string()),
  index: z.number().int().default(0),
  stage: z.enum(["detect", "records"]).default("detect"),
  afterId: z.string().nullable().default(null),
  detectRounds: z.number().int().default(0),
  /** model → lower-cased KashFlow id (KashFlow codes are case-blind) → the id as KashFlow has it, and its Sage 100 key. */
  links: z.record(z.string(), z.record(z.string(), linkSchema)).default({}),
  /** model → lower-cased KashFlow id → why it would be held (the first cause: what waits for it is held for the same). */
  held: z.record(z.string(), z.record(z.string(), rootHold)).default({}),
  /** model → KashFlow keys going live would create (a product stock is then set on). */
  newKashflow: z.record(z.string(), z.array(z.string())).default({}),
});
export type PreviewWork = z.infer<typeof previewWorkSchema>;

const lower = (s: string) => s.toLowerCase();

export function rememberLink(work: PreviewWork, model: string, link: { kashflowId: string; sage100Key: string }): void {
  if (!LINKED_MODELS.includes(model)) return;
  (work.links[model] ??= {})[lower(link.kashflowId)] = { id: link.kashflowId, key: link.sage100Key };
}

export function rememberHeld(work: PreviewWork, model: string, kashflowId: string, cause: RootHold): void {
  if (!WAITED_FOR.includes(model)) return;
  (work.held[model] ??= {})[lower(kashflowId)] = cause;
}

export function heldCauseOf(work: PreviewWork, model: ModelName, kashflowId: string): RootHold | null {
  return work.held[model]?.[lower(kashflowId)] ?? null;
}

/** The KashFlow id a KashFlow-side plan of this preview would link to this Sage 100 key. */
export function kashflowIdPlannedFor(work: PreviewWork, model: ModelName, sage100Key: string): string | null {
  for (const link of Object.values(work.links[model] ?? {})) if (link.key === sage100Key) return link.id;
  return null;
}

/** The label of the turned-off flow that would carry a record of `model` to Sage 100, if it is off. */
export function dependencyFlowOff(work: PreviewWork, model: ModelName): string | null {
  const carrier = FLOWS.find((f) => f.source === "KASHFLOW" && f.target === "SAGE100" && f.model === model);
  return carrier && !work.flowIds.includes(carrier.id) ? carrier.label : null;
}

/** The links and holds planned so far, as the flows' lookups read them in a preview. */
export function plannedLinksOf(work: PreviewWork): PlannedLinks {
  const reverse = new Map<string, string>();
  for (const [model, links] of Object.entries(work.links))
    for (const link of Object.values(links)) reverse.set(`${model}|${link.key}`, link.id);
  return {
    sage100KeyOf(model, kashflowId) {
      const link = work.links[model]?.[lower(kashflowId)];
      if (link) return { key: link.key };
      const held = work.held[model]?.[lower(kashflowId)];
      return held ? { heldBecause: held.message } : null;
    },
    kashflowIdOf: (model, sage100Key) => reverse.get(`${model}|${sage100Key}`) ?? null,
  };
}
