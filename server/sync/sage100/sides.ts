// The Sage 100 side of each master-data model: its table, how a row is keyed and read into the ledger (the same
// function for change batches, the initial read and the read-back after our own write, so echoes hash alike), and
// how one record is looked up live through the agent.
import type { ChangeTable, CommandInput } from "@/agent/src/protocol";
import { CUSTOMER_COLUMNS, customerKeyOfRow, parseCustomerKey } from "@/server/integrations/sage100/mappers/customer";
import { isProductRow, itemRowToItem } from "@/server/integrations/sage100/mappers/item";
import { sageRowToParty, type PartyColumns } from "@/server/integrations/sage100/mappers/party";
import type { SageRow } from "@/server/integrations/sage100/mappers/row";
import { CLEANED_TEXT_KEY } from "@/lib/safe-text";
import { parseVendorKey, VENDOR_COLUMNS, vendorKeyOfRow } from "@/server/integrations/sage100/mappers/vendor";
import type { FlowRun } from "../engine/flow-run";
import { invalidPayload } from "../ledger/observe";
import type { ModelName, RecordWarning } from "@/server/domain/model";
import type { SyncSettings } from "../settings";
import { DEFAULT_TAX_CLASSES, type TaxClasses } from "@/server/domain/rules/tax-class";
import { sage100Command } from "./command";

export type Sage100Side = {
  model: ModelName;
  table: ChangeTable;
  keyOfRow(row: SageRow): string;
  /** What the ledger stores for a row: the canonical record (with what could not be carried), or why it cannot be read. */
  payloadOfRow(row: SageRow, settings: SyncSettings): unknown;
  /** The record as Sage has it now, or null. */
  find(ctx: FlowRun, key: string): Promise<SageRow | null>;
  /** Rows that are not records of this model at all (Sage comment items) never enter the ledger. */
  include?(row: SageRow): boolean;
};

/** Warnings from reading Sage travel with the record, so the flow that carries it can show them. */
export type WithMappingWarnings<T> = T & { mappingWarnings?: RecordWarning[] };

const CLEANED_IN_SAGE =
  "Sage 100 holds characters here that cannot be stored (a NUL byte or a broken character): Ledgerlink removed NUL bytes and replaced broken characters with �. Correct the value in Sage 100 to clear this warning.";

/** Columns the agent or the server cleaned for Postgres (NUL bytes, broken UTF-16), as warnings on the record. */
function cleanedTextWarnings(row: SageRow): RecordWarning[] {
  const cleaned = row[CLEANED_TEXT_KEY];
  return Array.isArray(cleaned)
    ? cleaned.map(String).map((column) => ({ field: column, message: CLEANED_IN_SAGE }))
    : [];
}

function readable<T>(row: SageRow, key: string, read: () => { value: T; warnings: RecordWarning[] }): unknown {
  try {
    const { value, warnings: mapping } = read();
    const warnings = [...mapping, ...cleanedTextWarnings(row)];
    return warnings.length ? { ...value, mappingWarnings: warnings } : value;
  } catch (error) {
    const issue = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
    return invalidPayload(
      issue?.path.map(String).join(".") || key,
      issue?.message ?? (error instanceof Error ? error.message : String(error)),
      row,
    );
  }
}

async function findRow(
  ctx: FlowRun,
  command: Extract<CommandInput, { type: "findDocument" }>,
): Promise<SageRow | null> {
  const found = await sage100Command(ctx, command);
  return found.found && found.record ? found.record : null;
}

function partySide(
  model: "customer" | "supplier",
  table: ChangeTable,
  cols: PartyColumns,
  keyOfRow: (row: SageRow) => string,
): Omit<Sage100Side, "find"> {
  return {
    model,
    table,
    keyOfRow,
    payloadOfRow: (row) =>
      readable(row, keyOfRow(row), () => {
        const { party, warnings } = sageRowToParty(row, cols);
        return { value: party, warnings };
      }),
  };
}

export const SAGE100_CUSTOMERS: Sage100Side = {
  ...partySide("customer", "AR_Customer", CUSTOMER_COLUMNS, customerKeyOfRow),
  find: (ctx, key) => findRow(ctx, { type: "findDocument", payload: { kind: "customer", ...parseCustomerKey(key) } }),
};

export const SAGE100_VENDORS: Sage100Side = {
  ...partySide("supplier", "AP_Vendor", VENDOR_COLUMNS, vendorKeyOfRow),
  find: (ctx, key) => findRow(ctx, { type: "findDocument", payload: { kind: "vendor", ...parseVendorKey(key) } }),
};

/** The company's taxable / non-taxable classes: Sage 100's standard TX / NT until issue 6's lookups make it per company. */
export const taxClassesOf = (_settings: SyncSettings): TaxClasses => DEFAULT_TAX_CLASSES;

export const SAGE100_ITEMS: Sage100Side = {
  model: "item",
  table: "CI_Item",
  keyOfRow: (row) => String(row.ItemCode ?? "").trim(),
  payloadOfRow: (row, settings) =>
    readable(row, String(row.ItemCode ?? ""), () => {
      const { item, warnings } = itemRowToItem(row, taxClassesOf(settings));
      return { value: item, warnings };
    }),
  find: (ctx, key) => findRow(ctx, { type: "findDocument", payload: { kind: "item", itemCode: key } }),
  include: isProductRow,
};
