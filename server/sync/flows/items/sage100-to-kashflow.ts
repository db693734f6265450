// items.sage100_to_kashflow — Sage 100 C/I items become KashFlow products. KashFlow keeps products under a sales
// nominal; Sage's G/L accounts do not map to nominals yet (issue 6), so new products go under the default nominal.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { itemToProductInput, productToItem } from "@/server/integrations/kashflow/mappers/item";
import type { KfProductInput } from "@/server/integrations/kashflow/schemas/payloads";
import { itemToSageFields, SAGE_ITEM_GROUP_FIELDS } from "@/server/integrations/sage100/mappers/item";
import { itemSchema, type Item } from "@/server/domain/canonical/item";
import { isHold, type FlowDefinition } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import type { RecordWarning } from "@/server/domain/model";
import { differingGroups, ITEM_GROUPS, itemGroupValue } from "../../rules/field-groups";
import { kashflowCodeCandidates } from "../../rules/keys";
import { decideGroups, type FieldGroup } from "../../rules/ownership";
import { counterpartRow, knownToLedger, linkedKashflowId, settleTarget } from "../../counterparts/links";
import { kashflowTargetFor, type Target } from "../../counterparts/target";
import { observeSage100Changes } from "../../sage100/changes";
import { SAGE100_ITEMS, taxClassesOf } from "../../sage100/sides";

/** KashFlow's standard sales nominal: where products Sage 100 creates go until nominals are mapped (issue 6). */
export const DEFAULT_SALES_NOMINAL = "4000";
const NOUN = { one: "product", many: "products" };

const sage100ItemSchema = itemSchema.extend({
  mappingWarnings: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
type Sage100Item = z.infer<typeof sage100ItemSchema>;
type ProductInput = Partial<KfProductInput> & { InUse?: boolean };
type Plan =
  | {
      kind: "write";
      key: string;
      how: Target["how"];
      create: ProductInput | null;
      update: ProductInput | null;
      current: Item | null;
      groups: FieldGroup[];
      yielded: FieldGroup[];
      echoSafe: boolean;
    }
  | { kind: "skip"; key: string | null; reason: string };

/** "4000/WIDGET-A" → nominal 4000, code WIDGET-A (codes may hold "/", nominals never do). */
function splitKey(key: string): { nominal: number; code: string } {
  const at = key.indexOf("/");
  return { nominal: Number(key.slice(0, at)), code: key.slice(at + 1) };
}

async function getProduct(ctx: FlowRun, key: string): Promise<Item | null> {
  const { nominal, code } = splitKey(key);
  const raw = await (await ctx.kashflow()).products.find(nominal, code);
  return raw ? productToItem(raw) : null;
}

function updateInput(item: Item, groups: readonly FieldGroup[]): ProductInput | null {
  const input: ProductInput = {};
  if (groups.includes("names")) input.Name = item.name;
  if (groups.includes("itemPricing")) input.Price = Number(item.unitPrice);
  if (groups.includes("tax")) Object.assign(input, { VATRate: Number(item.vatRate ?? "0"), VATExempt: item.vatExempt });
  if (groups.includes("status")) input.InUse = item.isActive;
  return Object.keys(input).length ? input : null;
}

export const itemsSage100ToKashflow: FlowDefinition<Sage100Item, Plan> = {
  id: "items.sage100_to_kashflow",
  label: "Products: Sage 100 → KashFlow",
  model: "item",
  source: "SAGE100",
  target: "KASHFLOW",
  // A change batch of its table wakes it at once; otherwise it runs at the company's sweep interval.
  wakeOn: [SAGE100_ITEMS.table],
  // Records overlap their waits on the target; keys and matches are still chosen one at a time.
  concurrency: 4,

  // Detect: the agent's change batches for CI_Item (and a full read the first time); comment items are left out.
  async detect(ctx) {
    const seen = await observeSage100Changes(ctx, SAGE100_ITEMS);
    return { ...seen, complete: true };
  },

  // Canonicalize: canonical items; Sage's tax class reads back as the standard VAT rate or zero-rated.
  canonical: sage100ItemSchema,

  // Rules: link / reservation / new product under the default nominal, then the groups Sage 100 wins.
  async rules(ctx, source, meta) {
    const { mappingWarnings = [], ...item } = source;
    if (meta.deleted) {
      const key = (await linkedKashflowId(ctx, "item", meta.externalId)) ?? meta.counterpartId;
      const current = key ? await getProduct(ctx, key) : null;
      if (!key || !current)
        return {
          plan: { kind: "skip", key, reason: "Deleted in Sage 100; there is no KashFlow product to retire." },
          warnings: [],
        };
      const echoSafe = knownToLedger(await counterpartRow(ctx, "KASHFLOW", "item", key), current);
      return {
        plan: {
          kind: "write",
          key,
          how: "linked",
          create: null,
          update: current.isActive ? { InUse: false } : null,
          current,
          groups: ["status"],
          yielded: [],
          echoSafe,
        },
        warnings: [],
      };
    }
    const bareCode = item.code.replace(/^\/+/, "");
    const target = await kashflowTargetFor(ctx, {
      model: "item",
      noun: NOUN,
      kashflowFlowId: "items.kashflow_to_sage100",
      record: meta,
      subject: { code: bareCode, name: item.name, postCode: null, emails: [] },
      newKeys: (function* () {
        for (const code of kashflowCodeCandidates(bareCode)) yield `${DEFAULT_SALES_NOMINAL}/${code}`;
      })(),
      exists: async (key) => (await getProduct(ctx, key)) !== null,
    });
    if (isHold(target)) return target;

    const current = target.how === "new" ? null : await getProduct(ctx, target.key);
    if (!current && target.how === "linked")
      return {
        plan: { kind: "skip", key: target.key, reason: `KashFlow no longer has product ${target.key}.` },
        warnings: [],
      };
    const echoSafe = knownToLedger(await counterpartRow(ctx, "KASHFLOW", "item", target.key), current);
    const warnings: RecordWarning[] = [...mappingWarnings];
    if (!current) {
      const { nominal, code } = splitKey(target.key);
      warnings.push({
        field: "salesAccountCode",
        message: `Created under KashFlow's sales nominal ${nominal}: Sage 100's sales account is not mapped to a nominal yet.`,
      });
      const create: ProductInput = {
        ...itemToProductInput({ ...item, code, salesAccountCode: String(nominal), currency: "GBP" }),
        InUse: item.isActive,
      };
      return {
        plan: {
          kind: "write",
          key: target.key,
          how: target.how,
          create,
          update: null,
          current: null,
          groups: [...ITEM_GROUPS],
          yielded: [],
          echoSafe,
        },
        warnings,
      };
    }
    const classes = taxClassesOf(ctx.settings);
    const differing = differingGroups({
      groups: ITEM_GROUPS,
      canonical: { kashflow: current, sage100: item },
      sage: { kashflow: itemToSageFields(current, classes).fields, sage100: itemToSageFields(item, classes).fields },
      canonicalValue: itemGroupValue,
      sageFields: SAGE_ITEM_GROUP_FIELDS,
    });
    const decision = decideGroups({
      source: "SAGE100",
      differing,
      settings: ctx.settings,
      sourceUpdatedAt: item.updatedAt,
      targetUpdatedAt: current.updatedAt,
    });
    const update = updateInput(item, decision.write);
    return {
      plan: {
        kind: "write",
        key: target.key,
        how: target.how,
        create: null,
        update,
        current,
        groups: decision.write,
        yielded: decision.yielded,
        echoSafe,
      },
      warnings,
    };
  },

  validate: async () => null,

  // Load: create or update, read back; the read-back is the echo the next KashFlow sweep will recognise.
  async load(ctx, plan, meta) {
    if (plan.kind === "skip")
      return { counterpartId: plan.key ?? meta.externalId, request: plan, response: null, skipped: plan.reason };
    const products = (await ctx.kashflow()).products;
    const { nominal, code } = splitKey(plan.key);
    if (plan.create) await products.create(plan.create as KfProductInput);
    if (plan.update) await products.update(nominal, code, plan.update);
    const after = plan.create || plan.update ? await getProduct(ctx, plan.key) : plan.current;
    if (!after)
      throw new AppError(
        "UPSTREAM",
        `KashFlow accepted product ${plan.key} but it cannot be read back yet; Ledgerlink will look again.`,
        { retryClass: "TRANSIENT", reason: "ReadBackMissing" },
      );
    const echo = await settleTarget(ctx, {
      system: "KASHFLOW",
      model: "item",
      key: plan.key,
      echoSafe: plan.echoSafe,
      yielded: plan.yielded,
      after,
    });
    return {
      counterpartId: plan.key,
      request: plan.create ?? plan.update ?? { nothingToWrite: true, key: plan.key, yielded: plan.yielded },
      response: { groups: plan.groups },
      echo,
    };
  },
};
