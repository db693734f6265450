// items.kashflow_to_sage100 — KashFlow products (keyed nominal + code) become Sage 100 C/I items: stock products as
// regular items, the rest as miscellaneous "/" items. Quantities are never written: Sage moves them by transactions.
import { productToItem } from "@/server/integrations/kashflow/mappers/item";
import {
  itemFieldsOfRow,
  itemRowToItem,
  itemToSageFields,
  pickItemFields,
  SAGE_ITEM_GROUP_FIELDS,
  upsertItemInput,
} from "@/server/integrations/sage100/mappers/item";
import { isHold, type FlowDefinition } from "../../engine/flow";
import { itemSchema, type Item } from "@/server/domain/canonical/item";
import type { RecordWarning } from "@/server/domain/model";
import { differingGroups, ITEM_GROUPS, itemGroupValue, warningsFor } from "../../rules/field-groups";
import { itemKeyCandidates } from "../../rules/keys";
import { decideGroups, type FieldGroup } from "../../rules/ownership";
import { counterpartRow, knownToLedger, linkedSage100Key } from "../../counterparts/links";
import { sage100TargetFor } from "../../counterparts/target";
import { sweepKashflow } from "../../kashflow/list-sweep";
import { loadToSage100, type ToSage100Plan } from "../../sage100/load";
import { observeSage100Changes } from "../../sage100/changes";
import { requireSage100Agent } from "../../sage100/online";
import { SAGE100_ITEMS, taxClassesOf } from "../../sage100/sides";

const NOUN = { one: "item", many: "items" };

/** Prices travel as numbers between KashFlow's currency and Sage's: say so wherever a price is written. */
function priceWarnings(item: Item, groups: readonly FieldGroup[]): RecordWarning[] {
  if (!groups.includes("itemPricing") || item.currency === "USD") return [];
  return [
    {
      field: "currency",
      message: `The price ${item.unitPrice} ${item.currency} is copied to Sage 100 as ${item.unitPrice} USD: no exchange rate is applied yet.`,
    },
  ];
}

export const itemsKashflowToSage100: FlowDefinition<Item, ToSage100Plan> = {
  id: "items.kashflow_to_sage100",
  label: "Products: KashFlow → Sage 100",
  model: "item",
  source: "KASHFLOW",
  target: "SAGE100",
  // Records overlap their waits on the target; keys and matches are still chosen one at a time.
  concurrency: 4,

  // Before anything is read or written: the agent must be there to answer.
  preflight: requireSage100Agent,

  // Detect: first what Sage already has (first connect matches against it), then a complete sweep of KashFlow.
  async detect(ctx) {
    await observeSage100Changes(ctx, SAGE100_ITEMS);
    const kashflow = await ctx.kashflow();
    return sweepKashflow(ctx, {
      model: "item",
      list: () => kashflow.products.sweep(),
      keyOf: (p) => `${p.NominalCode}/${p.Code.trim()}`,
      toCanonical: (p) => productToItem(p),
    });
  },

  // Canonicalize: the sweep stored canonical items (key "4000/WIDGET-A"); the engine holds any that break the schema.
  canonical: itemSchema,

  // Rules: link / match / new code (same code under another nominal gets the nominal as suffix), then the groups
  // KashFlow wins; VAT becomes the company's taxable / non-taxable class.
  async rules(ctx, item, meta) {
    const classes = taxClassesOf(ctx.settings);
    if (meta.deleted) {
      const key = (await linkedSage100Key(ctx, "item", meta.externalId)) ?? meta.counterpartId;
      const current = key ? await SAGE100_ITEMS.find(ctx, key) : null;
      if (!key || !current)
        return {
          plan: { kind: "skip", key, reason: "Deleted in KashFlow; there is no Sage 100 item to make inactive." },
          warnings: [],
        };
      const fields = itemFieldsOfRow(current);
      const command = fields.inactive
        ? null
        : {
            type: "upsertItem" as const,
            payload: upsertItemInput({ itemCode: key }, { inactive: true }, fields.description),
          };
      const echoSafe = knownToLedger(
        await counterpartRow(ctx, "SAGE100", "item", key),
        SAGE100_ITEMS.payloadOfRow(current, ctx.settings),
      );
      return {
        plan: { kind: "write", key, how: "linked", command, current, groups: ["status"], yielded: [], echoSafe },
        warnings: [],
      };
    }

    const target = await sage100TargetFor(ctx, {
      model: "item",
      noun: NOUN,
      record: meta,
      subject: { code: item.code, name: item.name, postCode: null, emails: [] },
      newKeys: itemKeyCandidates(item.code, { stockTracked: item.isStockTracked, nominalCode: item.salesAccountCode }),
      exists: async (key) => (await SAGE100_ITEMS.find(ctx, key)) !== null,
    });
    if (isHold(target)) return target;

    const current = target.how === "new" ? null : await SAGE100_ITEMS.find(ctx, target.key);
    if (!current && target.how === "linked")
      return {
        plan: { kind: "skip", key: target.key, reason: `Sage 100 no longer has item ${target.key}.` },
        warnings: [],
      };
    const mine = itemToSageFields(item, classes);
    const echoSafe = knownToLedger(
      await counterpartRow(ctx, "SAGE100", "item", target.key),
      current ? SAGE100_ITEMS.payloadOfRow(current, ctx.settings) : null,
    );
    if (!current) {
      const command = {
        type: "upsertItem" as const,
        payload: upsertItemInput(
          { itemCode: target.key, itemType: target.key.startsWith("/") ? "5" : "1" },
          mine.fields,
          mine.fields.description,
        ),
      };
      return {
        plan: {
          kind: "write",
          key: target.key,
          how: target.how,
          command,
          current,
          groups: [...ITEM_GROUPS],
          yielded: [],
          echoSafe,
        },
        warnings: [...mine.warnings, ...priceWarnings(item, ITEM_GROUPS)],
      };
    }
    const theirs = itemRowToItem(current, classes).item;
    const theirFields = itemFieldsOfRow(current);
    const differing = differingGroups({
      groups: ITEM_GROUPS,
      canonical: { kashflow: item, sage100: theirs },
      sage: { kashflow: mine.fields, sage100: theirFields },
      canonicalValue: itemGroupValue,
      sageFields: SAGE_ITEM_GROUP_FIELDS,
    });
    const decision = decideGroups({
      source: "KASHFLOW",
      differing,
      settings: ctx.settings,
      sourceUpdatedAt: item.updatedAt,
      targetUpdatedAt: theirs.updatedAt,
    });
    const picked = pickItemFields(mine.fields, decision.write);
    const command = Object.keys(picked).length
      ? {
          type: "upsertItem" as const,
          payload: upsertItemInput({ itemCode: target.key }, picked, theirFields.description),
        }
      : null;
    return {
      plan: {
        kind: "write",
        key: target.key,
        how: target.how,
        command,
        current,
        groups: decision.write,
        yielded: decision.yielded,
        echoSafe,
      },
      warnings: [...warningsFor(mine.warnings, decision.write), ...priceWarnings(item, decision.write)],
    };
  },

  // Validate: nothing Sage would refuse is left to check (the description falls back to the code).
  validate: async () => null,

  // Load: upsert by the reserved code, read back; the read-back is the echo the Sage side will recognise.
  load: (ctx, plan, meta) => loadToSage100(ctx, SAGE100_ITEMS, plan, meta),
};
