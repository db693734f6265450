// The event that starts a preview run under Inngest, validated where it is read.
import { z } from "zod";

export const PREVIEW_REQUESTED = "preview/requested";
export const previewRequestedData = z.object({ previewRunId: z.string().min(1), companyId: z.string().min(1) });
