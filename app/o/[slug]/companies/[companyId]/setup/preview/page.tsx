import type { Metadata } from "next";
import Link from "next/link";
import { PreviewFlow } from "@/components/setup/preview-flow";
import { PreviewProgress } from "@/components/setup/preview-progress";
import { PreviewRefreshButton } from "@/components/setup/preview-refresh-button";
import { AutoRefresh } from "@/components/sync/auto-refresh";
import { formatCount, formatWhen } from "@/components/sync/format";
import { Card, PageHeader } from "@/components/ui/card";
import { loadSyncCompany } from "../../sync/load-sync-company";
import { SyncBreadcrumb } from "../../sync/sync-breadcrumb";

export const metadata: Metadata = { title: "First-sync preview" };

export default async function FirstSyncPreviewPage({
  params,
}: {
  params: Promise<{ slug: string; companyId: string }>;
}) {
  const { slug, companyId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const { latest, lastDone } = await caller.setup.preview({ companyId: company.id });
  const running = Boolean(latest && (latest.status === "QUEUED" || latest.status === "RUNNING"));
  const settingUp = company.status === "SETTING_UP";
  const flows = lastDone?.result.flows ?? [];
  const off = flows.filter((f) => f.state === "off");
  const totals = flows.reduce(
    (t, f) => ({
      create: t.create + f.counts.create,
      update: t.update + f.counts.update,
      match: t.match + f.counts.match,
      held: t.held + f.counts.held,
    }),
    { create: 0, update: 0, match: 0, held: 0 },
  );
  return (
    <>
      <AutoRefresh active={running} />
      <SyncBreadcrumb trail={[{ href: hrefs.company, label: company.name }]} />
      <PageHeader
        title="First-sync preview"
        description="What Start syncing would do, worked out by reading KashFlow and Sage 100 without writing to either."
        actions={
          settingUp && can("company.write") ? (
            <PreviewRefreshButton
              companyId={company.id}
              label={latest ? "Refresh the preview" : "Preview the first sync"}
              disabled={running}
            />
          ) : undefined
        }
      />
      <div className="space-y-6">
        {!settingUp ? (
          <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">
            This company is syncing now; below is the preview from before it started. Sync → Records shows what actually
            happened.
          </p>
        ) : null}
        {running && latest ? (
          <Card title="Preparing the preview">
            <PreviewProgress run={latest} />
          </Card>
        ) : null}
        {latest?.status === "FAILED" ? (
          <p
            role="alert"
            className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200"
            data-testid="preview-failed"
          >
            The last preview stopped: {latest.error}
          </p>
        ) : null}
        {!latest ? (
          <Card>
            <p className="text-sm text-slate-700">
              No preview yet. It reads both systems from the first carried day and shows, flow by flow, what would be
              created, updated, matched to records that already exist, held and why, and skipped. Nothing is written.
            </p>
          </Card>
        ) : null}
        {lastDone ? (
          <section
            id="held"
            className="scroll-mt-6 space-y-6"
            aria-label="What going live would do"
            data-testid="preview-result"
          >
            <p className="text-sm text-slate-700" data-testid="preview-summary">
              Prepared {formatWhen(lastDone.finishedAt, company.timezone)}
              {lastDone.requestedByName ? ` for ${lastDone.requestedByName}` : ""}: {formatCount(totals.create)} to
              create, {formatCount(totals.update)} to update, {formatCount(totals.match)} matched to records that
              already exist, {formatCount(totals.held)} held.
              {off.length ? ` Turned off: ${off.map((f) => f.label).join(", ")} (` : ""}
              {off.length ? (
                <Link href={`${hrefs.company}/setup/flows`} className="text-indigo-700 hover:underline">
                  change
                </Link>
              ) : null}
              {off.length ? ")." : ""}
            </p>
            {flows.map((f) => (
              <PreviewFlow key={f.flowId} flow={f} syncHref={hrefs.sync} />
            ))}
          </section>
        ) : null}
      </div>
    </>
  );
}
