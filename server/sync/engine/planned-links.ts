// The first-sync preview plans every flow without writing, so nothing gets linked while it runs. A document naming
// a customer, supplier or product this same preview would create (or match) is planned as it will be after go-live:
// through the link the preview would make, or held with the reason its party would be held. Only a preview context
// carries these; a live run never sees them.
import type { ModelName } from "@/server/domain/model";
import type { FlowContext } from "./flow";

export type PlannedLink = { key: string } | { heldBecause: string };

export type PlannedLinks = {
  /** What the preview planned for a KashFlow record of `model`: the Sage 100 key it would be linked to, or why it would be held. */
  sage100KeyOf(model: ModelName, kashflowId: string): PlannedLink | null;
  /** The KashFlow record a Sage 100 record of `model` would be linked to. */
  kashflowIdOf(model: ModelName, sage100Key: string): string | null;
};

/** The preview's planned link of a KashFlow record, when this context is a preview's; null on a live run. */
export function plannedSage100Key(ctx: FlowContext, model: ModelName, kashflowId: string): PlannedLink | null {
  return ctx.mode === "preview" ? (ctx.planned?.sage100KeyOf(model, kashflowId) ?? null) : null;
}

export function plannedKashflowId(ctx: FlowContext, model: ModelName, sage100Key: string): string | null {
  return ctx.mode === "preview" ? (ctx.planned?.kashflowIdOf(model, sage100Key) ?? null) : null;
}
