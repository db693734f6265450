// suppliers.sage100_to_kashflow — Sage 100 A/P vendors become KashFlow suppliers.
import { addressToKashflow, contactToKashflow, termsToKashflow } from "@/server/integrations/kashflow/mappers/common";
import { supplierToParty } from "@/server/integrations/kashflow/mappers/party";
import type { KfSupplierInput } from "@/server/integrations/kashflow/schemas/payloads";
import type { KfSupplier } from "@/server/integrations/kashflow/schemas/supplier";
import type { FlowDefinition } from "../../engine/flow";
import { kashflowAddressInput, kashflowContactsInput } from "../../parties/kashflow-inputs";
import {
  loadToKashflow,
  planPartyToKashflow,
  sage100PartySchema,
  validatePartyForKashflow,
  type KashflowPartySpec,
  type Sage100Party,
  type ToKashflowPlan,
} from "../../parties/to-kashflow";
import { observeSage100Changes } from "../../sage100/changes";
import { SAGE100_VENDORS } from "../../sage100/sides";

const KASHFLOW_SUPPLIERS: KashflowPartySpec<KfSupplier, KfSupplierInput> = {
  model: "supplier",
  noun: { one: "supplier", many: "suppliers" },
  kashflowFlowId: "suppliers.kashflow_to_sage100",
  async get(ctx, code) {
    const raw = await (await ctx.kashflow()).suppliers.find(code);
    return raw ? { raw, party: supplierToParty(raw) } : null;
  },
  create: async (ctx, input) => void (await (await ctx.kashflow()).suppliers.create(input)),
  update: async (ctx, code, input) => void (await (await ctx.kashflow()).suppliers.update(code, input)),
  createInput: (code, p) => ({
    Code: code,
    Name: p.name,
    IsArchived: p.isArchived,
    Contacts: p.contacts.map(contactToKashflow),
    ...(p.billingAddress ? { Address: addressToKashflow(p.billingAddress) } : {}),
    ...(p.paymentTerms ? { PaymentTerms: termsToKashflow(p.paymentTerms) } : {}),
  }),
  updateInput(current, p, groups) {
    const input: Partial<KfSupplierInput> = {};
    if (groups.includes("names")) input.Name = p.name;
    if (groups.includes("contact")) input.Contacts = kashflowContactsInput(current.Contacts ?? [], p);
    // Suppliers have one address (spec §5).
    if (groups.includes("address")) input.Address = kashflowAddressInput(p.billingAddress);
    if (groups.includes("creditTerms") && p.paymentTerms) input.PaymentTerms = termsToKashflow(p.paymentTerms);
    if (groups.includes("status")) input.IsArchived = p.isArchived;
    return input;
  },
};

export const suppliersSage100ToKashflow: FlowDefinition<Sage100Party, ToKashflowPlan> = {
  id: "suppliers.sage100_to_kashflow",
  label: "Suppliers: Sage 100 → KashFlow",
  model: "supplier",
  source: "SAGE100",
  target: "KASHFLOW",
  // A change batch of its table wakes it at once; otherwise it runs at the company's sweep interval.
  wakeOn: [SAGE100_VENDORS.table],
  // Records overlap their waits on the target; keys and matches are still chosen one at a time.
  concurrency: 4,

  // Detect: the agent's change batches for AP_Vendor (and a full read the first time).
  async detect(ctx) {
    const seen = await observeSage100Changes(ctx, SAGE100_VENDORS);
    return { ...seen, complete: true };
  },

  // Canonicalize: canonical parties, with what Sage held that KashFlow cannot as warnings.
  canonical: sage100PartySchema,

  // Rules: link / reservation / new code (matching is decided from the KashFlow side), then the groups Sage wins.
  rules: (ctx, party, meta) => planPartyToKashflow(ctx, KASHFLOW_SUPPLIERS, party, meta),

  validate: async (_ctx, plan) => validatePartyForKashflow(plan, KASHFLOW_SUPPLIERS.noun),

  // Load: create or update, read back; the read-back is the echo the next KashFlow sweep will recognise.
  load: (ctx, plan, meta) => loadToKashflow(ctx, KASHFLOW_SUPPLIERS, plan, meta),
};
