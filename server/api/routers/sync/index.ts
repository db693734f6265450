import { createRouter } from "@/server/api/trpc";
import { getRecord } from "./get-record";
import { getSettings } from "./get-settings";
import { listMatchReviews } from "./list-match-reviews";
import { listRecords } from "./list-records";
import { overview } from "./overview";
import { requestSync } from "./request-sync";
import { resolveMatchReview } from "./resolve-match-review";
import { retryFailed } from "./retry-failed";
import { retryRecord } from "./retry-record";
import { setFlowPaused } from "./set-flow-paused";
import { updateSettings } from "./update-settings";

export const syncRouter = createRouter({
  overview,
  requestSync,
  setFlowPaused,
  listRecords,
  getRecord,
  retryRecord,
  retryFailed,
  listMatchReviews,
  resolveMatchReview,
  getSettings,
  updateSettings,
});
