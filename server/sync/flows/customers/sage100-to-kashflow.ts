// customers.sage100_to_kashflow — Sage 100 A/R customers become KashFlow customers.
import { addressToKashflow, contactToKashflow, termsToKashflow } from "@/server/integrations/kashflow/mappers/common";
import { customerToParty } from "@/server/integrations/kashflow/mappers/party";
import type { KfCustomer } from "@/server/integrations/kashflow/schemas/customer";
import type { KfCustomerInput } from "@/server/integrations/kashflow/schemas/payloads";
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
import { SAGE100_CUSTOMERS } from "../../sage100/sides";

const KASHFLOW_CUSTOMERS: KashflowPartySpec<KfCustomer, KfCustomerInput> = {
  model: "customer",
  noun: { one: "customer", many: "customers" },
  kashflowFlowId: "customers.kashflow_to_sage100",
  async get(ctx, code) {
    const raw = await (await ctx.kashflow()).customers.find(code);
    return raw ? { raw, party: customerToParty(raw) } : null;
  },
  create: async (ctx, input) => void (await (await ctx.kashflow()).customers.create(input)),
  update: async (ctx, code, input) => void (await (await ctx.kashflow()).customers.update(code, input)),
  createInput: (code, p) => ({
    Code: code,
    Name: p.name,
    IsArchived: p.isArchived,
    Contacts: p.contacts.map(contactToKashflow),
    Addresses: p.billingAddress ? [addressToKashflow(p.billingAddress)] : [],
    ...(p.paymentTerms ? { PaymentTerms: termsToKashflow(p.paymentTerms) } : {}),
  }),
  updateInput(current, p, groups) {
    const input: Partial<KfCustomerInput> = {};
    if (groups.includes("names")) input.Name = p.name;
    if (groups.includes("contact")) input.Contacts = kashflowContactsInput(current.Contacts ?? [], p);
    // The billing address is the first; any others KashFlow holds stay as they are.
    if (groups.includes("address"))
      input.Addresses = [
        kashflowAddressInput(p.billingAddress),
        ...(current.Addresses ?? []).slice(1).map((a) => kashflowAddressInput(a)),
      ];
    if (groups.includes("creditTerms") && p.paymentTerms) input.PaymentTerms = termsToKashflow(p.paymentTerms);
    if (groups.includes("status")) input.IsArchived = p.isArchived;
    return input;
  },
};

export const customersSage100ToKashflow: FlowDefinition<Sage100Party, ToKashflowPlan> = {
  id: "customers.sage100_to_kashflow",
  label: "Customers: Sage 100 → KashFlow",
  model: "customer",
  source: "SAGE100",
  target: "KASHFLOW",
  // A change batch of its table wakes it at once; otherwise it runs at the company's sweep interval.
  wakeOn: [SAGE100_CUSTOMERS.table],
  // Records overlap their waits on the target; keys and matches are still chosen one at a time.
  concurrency: 4,

  // Detect: the agent's change batches for AR_Customer (and a full read the first time).
  async detect(ctx) {
    const seen = await observeSage100Changes(ctx, SAGE100_CUSTOMERS);
    return { ...seen, complete: true };
  },

  // Canonicalize: canonical parties, with what Sage held that KashFlow cannot as warnings.
  canonical: sage100PartySchema,

  // Rules: link / reservation / new code (matching is decided from the KashFlow side), then the groups Sage wins.
  rules: (ctx, party, meta) => planPartyToKashflow(ctx, KASHFLOW_CUSTOMERS, party, meta),

  validate: async (_ctx, plan) => validatePartyForKashflow(plan, KASHFLOW_CUSTOMERS.noun),

  // Load: create or update, read back; the read-back is the echo the next KashFlow sweep will recognise.
  load: (ctx, plan, meta) => loadToKashflow(ctx, KASHFLOW_CUSTOMERS, plan, meta),
};
