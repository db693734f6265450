import type { Metadata } from "next";
import Link from "next/link";
import { MappingTable } from "@/components/mappings/mapping-table";
import { SageListsPanel } from "@/components/mappings/sage-lists-panel";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { timeAgo } from "@/lib/relative-time";
import { listCounts } from "@/server/integrations/sage100/reference-lists/labels";
import { mappingKind } from "@/server/sync/mappings/kinds";
import { loadSyncCompany } from "../load-sync-company";
import { SyncBreadcrumb } from "../sync-breadcrumb";

export const metadata: Metadata = { title: "Mappings" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const KIND_HELP: Record<string, string> = {
  nominal_to_gl: "Each KashFlow nominal a document line posts to, and the Sage 100 G/L account it posts to there.",
  vat_to_tax_class: "Each VAT rate on a KashFlow line, and the Sage 100 tax class the line gets.",
  payment_method_to_bank: "Each KashFlow payment method, and the Sage 100 bank code its cash receipts go to.",
  bank_account_to_gl: "Each KashFlow bank account, and the Sage 100 cash G/L account it stands for.",
};

export default async function MappingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; companyId: string }>;
  searchParams: Promise<Search>;
}) {
  const { slug, companyId } = await params;
  const { caller, can, company, hrefs } = await loadSyncCompany(slug, companyId);
  const search = await searchParams;
  const prefillKind = mappingKind.safeParse(first(search.kind));
  const prefillKey = first(search.key)?.slice(0, 100) ?? null;
  const [view, sageLists] = await Promise.all([
    caller.mappings.list({ companyId: company.id }),
    caller.mappings.sageLists({ companyId: company.id }),
  ]);
  const canWrite = can("company.write");
  // The oldest read is the one to trust least.
  const oldest = sageLists.lists.reduce<Date | null>((d, l) => (d && d < l.fetchedAt ? d : l.fetchedAt), null);
  const copy = oldest ? `${listCounts(sageLists.lists)}, read ${timeAgo(oldest)}` : null;
  return (
    <>
      <SyncBreadcrumb
        trail={[
          { href: hrefs.company, label: company.name },
          { href: hrefs.sync, label: "Sync" },
        ]}
      />
      <PageHeader
        title="Mappings"
        description="How KashFlow's codes become Sage 100's. A document that needs a code with no mapping is held until you add one; adding it releases them."
        actions={
          <Link href={`${hrefs.sync}/fx`} className={buttonClass("secondary")}>
            FX rates
          </Link>
        }
      />
      {view.waitingRecords > 0 ? (
        <div
          role="status"
          className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
          data-testid="mappings-waiting"
        >
          {view.waitingRecords.toLocaleString("en-GB")} held{" "}
          {view.waitingRecords === 1 ? "record waits" : "records wait"} for a mapping. The keys they need are listed
          first in each table.
        </div>
      ) : null}
      <SageListsPanel
        companyId={company.id}
        canWrite={canWrite}
        agent={sageLists.agent}
        copy={copy}
        autoRefresh={canWrite && sageLists.agent === "online" && sageLists.lists.length === 0}
      />
      {!canWrite ? (
        <p className="mb-4 text-sm text-slate-500">Your role can see the mappings but not change them.</p>
      ) : null}
      <div className="space-y-6">
        {view.kinds.map((k) => (
          <section key={k.kind} id={`map-${k.kind}`} className="scroll-mt-6">
            <Card
              title={
                <>
                  {k.label}
                  {k.waiting.length ? (
                    <span className="ml-2 text-sm font-normal text-amber-700">
                      {k.waiting.reduce((n, w) => n + w.count, 0)} waiting
                    </span>
                  ) : null}
                </>
              }
              description={KIND_HELP[k.kind]}
            >
              <MappingTable
                key={prefillKind.success && prefillKind.data === k.kind ? `prefill:${prefillKey}` : "plain"}
                companyId={company.id}
                view={k}
                canWrite={canWrite}
                recordsHref={hrefs.records}
                prefillKey={prefillKind.success && prefillKind.data === k.kind ? prefillKey : null}
                timeZone={company.timezone}
              />
            </Card>
          </section>
        ))}
      </div>
    </>
  );
}
