// "Preview the first sync": queues a preview run for a company in set-up (or hands back the one already queued or
// running). Only queues: the in-process runner or Inngest ("preview/requested") does the work as a job.
import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { recordAudit } from "@/server/services/audit";
import { setupFacts } from "@/server/services/setup/setup-facts";
import { inngestConfigured } from "@/server/sync/runner/mode";
import { PREVIEW_REQUESTED } from "./preview-events";
import { previewRunView } from "./preview-view";
import type { PreviewRunView } from "./preview-types";

/** A queued run Inngest has not started this long after its event: the event is sent again. */
const RESEND_AFTER_MS = 2 * 60_000;

export async function requestPreview(o: { orgId: string; companyId: string; userId: string }): Promise<PreviewRunView> {
  const { run, created } = await transaction(async (tx) => {
    // One request at a time per company: two people pressing Preview at once get the same run.
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`preview|${o.companyId}`}))) AS l`;
    const facts = await setupFacts(o, tx);
    if (facts.company.status !== "SETTING_UP")
      throw new AppError(
        "PRECONDITION_FAILED",
        "This company is already syncing: the first-sync preview is for a company in set-up.",
        { reason: "AlreadyLive" },
      );
    const missing = [
      ...(facts.kashflowConnected ? [] : ["KashFlow connected"]),
      ...(facts.agent?.online ? [] : ["Sage 100 agent paired and online"]),
      ...(facts.startDate ? [] : ["First carried day chosen"]),
    ];
    if (missing.length) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `The preview reads both systems from the first carried day: first ${missing.join(", ").toLowerCase()}.`,
        { reason: "SetupIncomplete", fieldErrors: { setup: missing } },
      );
    }
    const open = await tx.previewRun.findFirst({
      where: { companyId: o.companyId, status: { in: ["QUEUED", "RUNNING"] } },
      orderBy: { createdAt: "desc" },
    });
    if (open) return { run: open, created: false };
    const run = await tx.previewRun.create({ data: { companyId: o.companyId, requestedById: o.userId } });
    await recordAudit(tx, {
      orgId: o.orgId,
      companyId: o.companyId,
      actorUserId: o.userId,
      action: "setup.preview_requested",
      targetType: "PreviewRun",
      targetId: run.id,
    });
    return { run, created: true };
  });
  const stuck = !created && run.status === "QUEUED" && Date.now() - run.createdAt.getTime() > RESEND_AFTER_MS;
  if (inngestConfigured() && (created || stuck)) {
    const { inngest } = await import("@/server/jobs/client");
    await inngest.send({ name: PREVIEW_REQUESTED, data: { previewRunId: run.id, companyId: o.companyId } });
  }
  return previewRunView(run);
}
