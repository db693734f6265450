// One flow of the first-sync preview: what going live would do with its records, the reasons some would be held
// (each with the form that fixes it), a sample of its documents, and for stock every quantity it would overwrite.
import { HoldFixLink } from "@/components/mappings/hold-fix-link";
import { formatCount } from "@/components/sync/format";
import { formatMinor } from "@/components/tie-out/money";
import { Badge, Card } from "@/components/ui/card";
import type { FlowPreview, PreviewSample } from "@/server/services/preview/preview-types";

const OUTCOME: Record<PreviewSample["outcome"], { label: string; tone: "green" | "indigo" | "slate" | "amber" }> = {
  create: { label: "Create", tone: "green" },
  update: { label: "Update", tone: "indigo" },
  match: { label: "Match", tone: "indigo" },
  held: { label: "Held", tone: "amber" },
  skip: { label: "Skip", tone: "slate" },
};

function Count({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200" data-testid={testId}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums text-slate-900">{formatCount(value)}</dd>
    </div>
  );
}

export function PreviewFlow({ flow, syncHref }: { flow: FlowPreview; syncHref: string }) {
  const c = flow.counts;
  const total = c.create + c.update + c.match + c.held + c.skip + c.unchecked;
  if (flow.state === "off") return null;
  return (
    <div data-testid={`preview-flow-${flow.flowId}`}>
      <Card
        title={flow.label}
        description={
          flow.state === "failed"
            ? undefined
            : total === 0
              ? "Nothing to carry."
              : `${formatCount(total)} records read.`
        }
      >
        {flow.state === "failed" ? (
          <p role="alert" className="text-sm text-red-700">
            Could not be read: {flow.error}
          </p>
        ) : (
          <div className="space-y-5">
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5">
              <Count label="Would create" value={c.create} testId="count-create" />
              <Count label="Would update" value={c.update} testId="count-update" />
              <Count label="Matched to existing" value={c.match} testId="count-match" />
              <Count label="Held" value={c.held} testId="count-held" />
              <Count label="Skipped" value={c.skip} testId="count-skip" />
            </dl>
            {flow.afterDependency ? (
              <p className="text-sm text-slate-600">
                {formatCount(flow.afterDependency)} of the creates go after a record this sync creates first (a new
                customer, the invoice a payment pays).
              </p>
            ) : null}
            {flow.forwardDated ? (
              <p className="text-sm text-slate-600" data-testid="preview-forward-dated">
                {formatCount(flow.forwardDated)} dated after today:{" "}
                {flow.forwardDatedWhen === "on_date" ? "each is carried when its date arrives" : "carried at once"}{" "}
                (Sync settings → documents dated after today).
              </p>
            ) : null}
            {flow.readOnlyViolations.count ? (
              <div
                role="alert"
                className="rounded-md bg-red-50 p-3 text-sm text-red-800 ring-1 ring-red-200"
                data-testid="preview-readonly-violations"
              >
                <p className="font-medium">
                  {formatCount(flow.readOnlyViolations.count)} records tried to write while being planned. Ledgerlink
                  refused every such write; this is a fault of Ledgerlink&apos;s, please report it.
                </p>
                <ul className="mt-1 list-disc pl-5">
                  {flow.readOnlyViolations.examples.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {c.unchecked ? (
              <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
                <p className="font-medium">{formatCount(c.unchecked)} records could not be checked:</p>
                <ul className="mt-1 list-disc pl-5">
                  {flow.unchecked.map((u) => (
                    <li key={u.reason}>
                      {u.reason} ({formatCount(u.count)})
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {flow.held.length ? (
              <section aria-label={`Held in ${flow.label}`}>
                <h3 className="mb-2 text-sm font-semibold text-slate-900">Would be held</h3>
                <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
                  {flow.held.map((g) => (
                    <li
                      key={`${g.code}|${g.field ?? ""}`}
                      className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:items-start sm:justify-between"
                      data-testid="preview-held-group"
                    >
                      <div>
                        <p className="text-sm text-slate-900">{g.message}</p>
                        <p className="text-xs text-slate-500">
                          {formatCount(g.count)} record{g.count === 1 ? "" : "s"}, such as {g.example}
                        </p>
                      </div>
                      <HoldFixLink syncHref={syncHref} code={g.code} field={g.field} compact />
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {flow.stockChangesTotal ? (
              <section aria-label="Stock quantities that would change in KashFlow">
                <h3 className="mb-2 text-sm font-semibold text-slate-900">
                  KashFlow stock that would be overwritten ({formatCount(flow.stockChangesTotal)} products)
                </h3>
                <div className="overflow-x-auto relative">
                  <table className="w-full text-left text-sm" data-testid="preview-stock-changes">
                    <thead className="text-xs text-slate-500">
                      <tr>
                        <th className="py-1 pr-3 font-medium">KashFlow product</th>
                        <th className="py-1 pr-3 font-medium">Sage 100 item</th>
                        <th className="py-1 pr-3 text-right font-medium">In KashFlow now</th>
                        <th className="py-1 text-right font-medium">Would become</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {flow.stockChanges.map((s) => (
                        <tr key={s.product}>
                          <td className="py-1 pr-3">{s.product}</td>
                          <td className="py-1 pr-3">{s.item}</td>
                          <td className="py-1 pr-3 text-right tabular-nums">{s.from ?? "new product"}</td>
                          <td className="py-1 text-right tabular-nums font-medium">{s.to}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {flow.stockChangesTotal > flow.stockChanges.length ? (
                  <p className="mt-1 text-xs text-slate-500">
                    The first {formatCount(flow.stockChanges.length)} of {formatCount(flow.stockChangesTotal)} shown.
                  </p>
                ) : null}
              </section>
            ) : null}
            {flow.samples.length ? (
              <details>
                <summary className="cursor-pointer text-sm font-medium text-indigo-700">
                  Examples ({flow.samples.length})
                </summary>
                <div className="mt-2 overflow-x-auto relative">
                  <table className="w-full text-left text-sm" data-testid="preview-samples">
                    <thead className="text-xs text-slate-500">
                      <tr>
                        <th className="py-1 pr-3 font-medium">Document</th>
                        <th className="py-1 pr-3 font-medium">Party</th>
                        <th className="py-1 pr-3 font-medium">Date</th>
                        <th className="py-1 pr-3 text-right font-medium">Amount</th>
                        <th className="py-1 pr-3 font-medium">Outcome</th>
                        <th className="py-1 font-medium">Where it goes</th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {flow.samples.map((s, i) => (
                        <tr key={`${s.document}-${i}`} className="align-top">
                          <td className="py-1 pr-3">{s.document}</td>
                          <td className="py-1 pr-3">{s.party ?? "—"}</td>
                          <td className="py-1 pr-3 whitespace-nowrap">{s.date ?? "—"}</td>
                          <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">
                            {s.amount ? formatMinor(s.amount.amountMinor, s.amount.currency) : "—"}
                          </td>
                          <td className="py-1 pr-3">
                            <Badge tone={OUTCOME[s.outcome].tone}>{OUTCOME[s.outcome].label}</Badge>
                          </td>
                          <td className="py-1">
                            {s.target}
                            {s.note ? <span className="block text-xs text-slate-500">{s.note}</span> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            ) : null}
            {flow.skipped.length ? (
              <details>
                <summary className="cursor-pointer text-sm text-slate-600">Why records are skipped</summary>
                <ul className="mt-1 list-disc pl-5 text-sm text-slate-600">
                  {flow.skipped.map((s) => (
                    <li key={s.reason}>
                      {s.reason} ({formatCount(s.count)})
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </div>
        )}
      </Card>
    </div>
  );
}
