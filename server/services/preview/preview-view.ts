// A preview run as the screens read it: its status, progress and per-flow result, parsed; the latest for a company.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { PreviewRun } from "@/server/generated/prisma/client";
import {
  previewProgressSchema,
  previewResultSchema,
  PREVIEW_STATUSES,
  type PreviewRunView,
  type PreviewStatus,
} from "./preview-types";

export function previewRunView(run: PreviewRun, requestedByName: string | null = null): PreviewRunView {
  const status = (PREVIEW_STATUSES as readonly string[]).includes(run.status)
    ? (run.status as PreviewStatus)
    : "FAILED";
  const progress = previewProgressSchema.safeParse(run.progress ?? {});
  const result = previewResultSchema.safeParse(run.result ?? {});
  return {
    id: run.id,
    status,
    requestedByName,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    progress: progress.success ? progress.data : previewProgressSchema.parse({}),
    result: result.success ? result.data : { flows: [] },
  };
}

/** The newest run (it may be running) and the newest that finished, whose result the page shows meanwhile. */
export async function getPreview(o: {
  orgId: string;
  companyId: string;
}): Promise<{ latest: PreviewRunView | null; lastDone: PreviewRunView | null }> {
  const company = await db.company.findFirst({ where: { id: o.companyId, orgId: o.orgId }, select: { id: true } });
  if (!company) throw AppError.notFound("Company");
  const [latest, lastDone] = await Promise.all([
    db.previewRun.findFirst({ where: { companyId: o.companyId }, orderBy: { createdAt: "desc" } }),
    db.previewRun.findFirst({ where: { companyId: o.companyId, status: "DONE" }, orderBy: { createdAt: "desc" } }),
  ]);
  const names = new Map(
    (
      await db.user.findMany({
        where: {
          id: { in: [latest?.requestedById, lastDone?.requestedById].filter((id): id is string => Boolean(id)) },
        },
        select: { id: true, name: true, email: true },
      })
    ).map((u) => [u.id, u.name ?? u.email]),
  );
  const view = (run: PreviewRun | null) =>
    run ? previewRunView(run, run.requestedById ? (names.get(run.requestedById) ?? null) : null) : null;
  return { latest: view(latest), lastDone: view(lastDone) };
}
