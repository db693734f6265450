import { createRouter } from "@/server/api/trpc";
import { checklist } from "./checklist";
import { chooseFlows } from "./choose-flows";
import { flowChoices } from "./flow-choices";
import { preview } from "./preview";
import { requestPreview } from "./request-preview";
import { reviewSettings } from "./review-settings";
import { setFirstCarriedDay } from "./set-first-carried-day";

export const setupRouter = createRouter({
  checklist,
  preview,
  requestPreview,
  flowChoices,
  chooseFlows,
  reviewSettings,
  setFirstCarriedDay,
});
