// AR_Customer ⇄ canonical Party, and the upsertCustomer payload for the groups being written.
import type { z } from "zod";
import type { upsertCustomerPayload } from "@/agent/src/protocol/commands";
import type { Party } from "@/server/domain/canonical/party";
import type { RecordWarning } from "@/server/domain/model";
import {
  partyPayloadFields,
  sagePartyFieldsOfRow,
  sageRowToParty,
  type PartyColumns,
  type SagePartyFields,
} from "./party";
import { text, type SageRow } from "./row";

export const CUSTOMER_COLUMNS: PartyColumns = {
  kind: "customer",
  no: "CustomerNo",
  name: "CustomerName",
  status: "CustomerStatus",
};

export type CustomerKey = { division: string; customerNo: string };

/** The ledger's (and entity link's) key of a Sage customer: "00-ACME". */
export const customerKeyOf = (k: CustomerKey): string => `${k.division}-${k.customerNo}`;
export const customerKeyOfRow = (row: SageRow): string =>
  customerKeyOf({ division: text(row, "ARDivisionNo") || "00", customerNo: text(row, "CustomerNo") });

export function parseCustomerKey(key: string): CustomerKey {
  const m = /^(\d{2})-(.+)$/.exec(key);
  return m ? { division: m[1]!, customerNo: m[2]! } : { division: "00", customerNo: key };
}

export const customerRowToParty = (row: SageRow): { party: Party; warnings: RecordWarning[] } =>
  sageRowToParty(row, CUSTOMER_COLUMNS);
export const customerFieldsOfRow = (row: SageRow): SagePartyFields => sagePartyFieldsOfRow(row, CUSTOMER_COLUMNS);

/** Sage requires a name on every upsert: the one being written, else the one Sage already has (unchanged). */
export function upsertCustomerInput(
  key: CustomerKey,
  f: Partial<SagePartyFields>,
  currentName: string,
): z.input<typeof upsertCustomerPayload> {
  return { division: key.division, customerNo: key.customerNo, ...partyPayloadFields(f, currentName) };
}
