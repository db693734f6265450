// Content hashes for sweeps: taken over the canonical record, so balances, statistics, timestamps and the
// optional fields KashFlow adds or drops (§10.4) never look like a change.
import type { Item } from "@/server/domain/canonical/item";
import type { Party } from "@/server/domain/canonical/party";
import { contentHash } from "../hash";

export const partyHash = (p: Party): string => contentHash(p, ["createdAt", "updatedAt"]);
export const itemHash = (i: Item): string => contentHash(i, ["updatedAt"]);
