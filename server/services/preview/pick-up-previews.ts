// The in-process runner's share of previews: at each tick, a preview queued (or left by a runner that died, its
// lease run out) is taken and run in the background, one at a time per process; the lease on the PreviewRun row
// keeps two processes off the same run. Sync runs are not held up: previews do not use the runner's queue.
import { db } from "@/server/db";
import { runPreview } from "./run-preview";

let busy = false;

/** Starts the next waiting preview unless this process is running one; returns at once. */
export function pickUpPreviews(log: (line: string) => void = () => undefined): void {
  if (busy) return;
  busy = true;
  void (async () => {
    try {
      for (;;) {
        const next = await db.previewRun.findFirst({
          where: { OR: [{ status: "QUEUED" }, { status: "RUNNING", leaseUntil: { lt: new Date() } }] },
          orderBy: { createdAt: "asc" },
          select: { id: true },
        });
        if (!next) return;
        const { ran } = await runPreview(next.id);
        if (!ran) return;
      }
    } catch (error) {
      log(`preview failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  })();
}
