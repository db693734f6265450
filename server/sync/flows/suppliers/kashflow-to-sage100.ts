// suppliers.kashflow_to_sage100 — KashFlow suppliers become Sage 100 A/P vendors (division + 7-character VendorNo).
import { supplierToParty } from "@/server/integrations/kashflow/mappers/party";
import {
  parseVendorKey,
  upsertVendorInput,
  vendorFieldsOfRow,
  vendorRowToParty,
} from "@/server/integrations/sage100/mappers/vendor";
import type { FlowDefinition } from "../../engine/flow";
import { partySchema, type Party } from "@/server/domain/canonical/party";
import { partyKeyCandidates } from "../../rules/keys";
import { sweepKashflow } from "../../kashflow/list-sweep";
import { planPartyToSage100, validatePartyForSage100, type SagePartySpec } from "../../parties/to-sage100";
import { loadToSage100, type ToSage100Plan } from "../../sage100/load";
import { observeSage100Changes } from "../../sage100/changes";
import { requireSage100Agent } from "../../sage100/online";
import { SAGE100_VENDORS } from "../../sage100/sides";

const SAGE_VENDORS: SagePartySpec = {
  side: SAGE100_VENDORS,
  noun: { one: "vendor", many: "vendors" },
  rowToParty: (row) => vendorRowToParty(row).party,
  fieldsOfRow: vendorFieldsOfRow,
  upsert: (key, fields, currentName) => ({
    type: "upsertVendor",
    payload: upsertVendorInput(parseVendorKey(key), fields, currentName),
  }),
  newKeys: function* (party, division) {
    for (const no of partyKeyCandidates(party.code, "VEND")) yield `${division}-${no}`;
  },
};

export const suppliersKashflowToSage100: FlowDefinition<Party, ToSage100Plan> = {
  id: "suppliers.kashflow_to_sage100",
  label: "Suppliers: KashFlow → Sage 100",
  model: "supplier",
  source: "KASHFLOW",
  target: "SAGE100",
  // Records overlap their waits on the target; keys and matches are still chosen one at a time.
  concurrency: 4,

  // Before anything is read or written: the agent must be there to answer.
  preflight: requireSage100Agent,

  // Detect: first what Sage already has (first connect matches against it), then a complete sweep of KashFlow.
  async detect(ctx) {
    await observeSage100Changes(ctx, SAGE100_VENDORS);
    const kashflow = await ctx.kashflow();
    return sweepKashflow(ctx, {
      model: "supplier",
      list: () => kashflow.suppliers.sweep(),
      keyOf: (s) => s.Code.trim(),
      toCanonical: supplierToParty,
    });
  },

  // Canonicalize: the sweep stored canonical parties; the engine holds any that break the schema.
  canonical: partySchema,

  // Rules: link / match / new key, Sage 100's shape and lengths, then only the groups KashFlow wins.
  rules: (ctx, party, meta) => planPartyToSage100(ctx, SAGE_VENDORS, party, meta),

  validate: async (_ctx, plan) => validatePartyForSage100(plan, SAGE_VENDORS.noun),

  // Load: upsert by the reserved key, read back; the read-back is the echo the Sage side will recognise.
  load: (ctx, plan, meta) => loadToSage100(ctx, SAGE100_VENDORS, plan, meta),
};
