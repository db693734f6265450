// customers.kashflow_to_sage100 — KashFlow customers become Sage 100 A/R customers (division + CustomerNo).
import { customerToParty } from "@/server/integrations/kashflow/mappers/party";
import {
  customerFieldsOfRow,
  customerRowToParty,
  parseCustomerKey,
  upsertCustomerInput,
} from "@/server/integrations/sage100/mappers/customer";
import type { FlowDefinition } from "../../engine/flow";
import { partySchema, type Party } from "@/server/domain/canonical/party";
import { partyKeyCandidates } from "../../rules/keys";
import { sweepKashflow } from "../../kashflow/list-sweep";
import { planPartyToSage100, validatePartyForSage100, type SagePartySpec } from "../../parties/to-sage100";
import { loadToSage100, type ToSage100Plan } from "../../sage100/load";
import { observeSage100Changes } from "../../sage100/changes";
import { requireSage100Agent } from "../../sage100/online";
import { SAGE100_CUSTOMERS } from "../../sage100/sides";

const SAGE_CUSTOMERS: SagePartySpec = {
  side: SAGE100_CUSTOMERS,
  noun: { one: "customer", many: "customers" },
  rowToParty: (row) => customerRowToParty(row).party,
  fieldsOfRow: customerFieldsOfRow,
  upsert: (key, fields, currentName) => ({
    type: "upsertCustomer",
    payload: upsertCustomerInput(parseCustomerKey(key), fields, currentName),
  }),
  newKeys: function* (party, division) {
    for (const no of partyKeyCandidates(party.code, "CUST")) yield `${division}-${no}`;
  },
};

export const customersKashflowToSage100: FlowDefinition<Party, ToSage100Plan> = {
  id: "customers.kashflow_to_sage100",
  label: "Customers: KashFlow → Sage 100",
  model: "customer",
  source: "KASHFLOW",
  target: "SAGE100",
  // Records overlap their waits on the target; keys and matches are still chosen one at a time.
  concurrency: 4,

  // Before anything is read or written: the agent must be there to answer.
  preflight: requireSage100Agent,

  // Detect: first what Sage already has (first connect matches against it), then a complete sweep of KashFlow.
  async detect(ctx) {
    await observeSage100Changes(ctx, SAGE100_CUSTOMERS);
    const kashflow = await ctx.kashflow();
    return sweepKashflow(ctx, {
      model: "customer",
      list: () => kashflow.customers.sweep(),
      keyOf: (c) => c.Code.trim(),
      toCanonical: customerToParty,
    });
  },

  // Canonicalize: the sweep stored canonical parties; the engine holds any that break the schema.
  canonical: partySchema,

  // Rules: link / match / new key, Sage 100's shape and lengths, then only the groups KashFlow wins.
  rules: (ctx, party, meta) => planPartyToSage100(ctx, SAGE_CUSTOMERS, party, meta),

  validate: async (_ctx, plan) => validatePartyForSage100(plan, SAGE_CUSTOMERS.noun),

  // Load: upsert by the reserved key, read back; the read-back is the echo the Sage side will recognise.
  load: (ctx, plan, meta) => loadToSage100(ctx, SAGE100_CUSTOMERS, plan, meta),
};
