// AP_Vendor ⇄ canonical Party (a supplier), and the upsertVendor payload for the groups being written.
import type { z } from "zod";
import type { upsertVendorPayload } from "@/agent/src/protocol/commands";
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

export const VENDOR_COLUMNS: PartyColumns = {
  kind: "supplier",
  no: "VendorNo",
  name: "VendorName",
  status: "VendorStatus",
};

export type VendorKey = { division: string; vendorNo: string };

/** The ledger's (and entity link's) key of a Sage vendor: "00-OFFSUPP". */
export const vendorKeyOf = (k: VendorKey): string => `${k.division}-${k.vendorNo}`;
export const vendorKeyOfRow = (row: SageRow): string =>
  vendorKeyOf({ division: text(row, "APDivisionNo") || "00", vendorNo: text(row, "VendorNo") });

export function parseVendorKey(key: string): VendorKey {
  const m = /^(\d{2})-(.+)$/.exec(key);
  return m ? { division: m[1]!, vendorNo: m[2]! } : { division: "00", vendorNo: key };
}

export const vendorRowToParty = (row: SageRow): { party: Party; warnings: RecordWarning[] } =>
  sageRowToParty(row, VENDOR_COLUMNS);
export const vendorFieldsOfRow = (row: SageRow): SagePartyFields => sagePartyFieldsOfRow(row, VENDOR_COLUMNS);

/** Sage requires a name on every upsert: the one being written, else the one Sage already has (unchanged). */
export function upsertVendorInput(
  key: VendorKey,
  f: Partial<SagePartyFields>,
  currentName: string,
): z.input<typeof upsertVendorPayload> {
  return { division: key.division, vendorNo: key.vendorNo, ...partyPayloadFields(f, currentName) };
}
