// A mapping's Sage 100 value checked against Sage 100's lists as the agent last read them: a value Sage does not have
// (or an inactive G/L account) is refused on its field, saying when the lists were read. With no copy of the list,
// or a copy cut at the row limit that lacks the value, nothing is refused: Ledgerlink cannot know.
import { AppError } from "@/lib/errors";
import { timeAgo } from "@/lib/relative-time";
import { readCachedList } from "@/server/integrations/sage100/reference-lists/cache";
import { REFERENCE_LIST_NOUNS } from "@/server/integrations/sage100/reference-lists/labels";
import { checkReferenceValue } from "@/server/integrations/sage100/reference-lists/values";
import { MAPPING_KINDS, type MappingKind } from "./kinds";

export async function requireValueInSageLists(o: {
  companyId: string;
  kind: MappingKind;
  value: string;
  now?: Date;
}): Promise<void> {
  const cached = await readCachedList(o.companyId, MAPPING_KINDS[o.kind].sageList);
  if (!cached) return;
  const check = checkReferenceValue(cached, o.value);
  if (check.state === "active" || (check.state === "missing" && cached.truncated)) return;
  const noun = REFERENCE_LIST_NOUNS[cached.list].one;
  const read = `lists read ${timeAgo(cached.fetchedAt, o.now)}`;
  const message =
    check.state === "missing"
      ? `Sage 100 has no ${noun} ${o.value} (${read}). Refresh the lists if you have just added it.`
      : `${noun.charAt(0).toUpperCase()}${noun.slice(1)} ${o.value} is ${check.state} in Sage 100 (${read}). Choose an active account, or make it active in Sage 100 and refresh the lists.`;
  throw AppError.field("targetValue", message);
}
