"use client";
// One lookup table: the keys held records wait for first (with how many wait, and "Map this"), then the entries
// with Change and Remove, then "Add". A link from a held record opens "Map this" for its key straight away.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { formatWhen } from "@/components/sync/format";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";
import type { MappingKindView } from "@/server/services/mappings/list-mappings";
import { MappingForm, type MappingFormMode } from "./mapping-form";

type Open = { row: string; mode: MappingFormMode } | null;

export function MappingTable({
  companyId,
  view,
  canWrite,
  recordsHref,
  prefillKey,
  timeZone,
}: {
  companyId: string;
  view: MappingKindView;
  canWrite: boolean;
  recordsHref: string;
  prefillKey: string | null;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const prefillEntry = prefillKey ? view.entries.find((e) => e.sourceKey === prefillKey) : undefined;
  const initial: Open =
    !canWrite || !prefillKey
      ? null
      : prefillEntry
        ? {
            row: `entry:${prefillEntry.id}`,
            mode: {
              type: "edit",
              id: prefillEntry.id,
              sourceKey: prefillEntry.sourceKey,
              targetValue: prefillEntry.targetValue,
              note: prefillEntry.note,
            },
          }
        : {
            row: view.waiting.some((w) => w.key === prefillKey) ? `waiting:${prefillKey}` : "add",
            mode: { type: "add", sourceKey: prefillKey },
          };
  const [open, setOpen] = useState<Open>(initial);
  const [last, setLast] = useState<string | null>(null);
  const remove = useMutation(
    trpc.mappings.delete.mutationOptions({
      onSuccess: () => {
        toast.success("Mapping removed.");
        router.refresh();
      },
      onError: (error) => toast.error(formErrors(error).message ?? "That did not work."),
    }),
  );
  const form = (row: string) =>
    open && open.row === row ? (
      <tr>
        <td colSpan={5} className="px-5 pb-3">
          <MappingForm
            companyId={companyId}
            kind={view.kind}
            source={view.source}
            target={view.target}
            mode={open.mode}
            onCancel={() => setOpen(null)}
            onDone={(m) => {
              setLast(m);
              setOpen(null);
            }}
          />
        </td>
      </tr>
    ) : null;
  const heldQuery = (ask: string) => `${recordsHref}?${new URLSearchParams({ status: "HELD", q: ask }).toString()}`;
  const empty = view.entries.length === 0 && view.waiting.length === 0;

  return (
    <div className="space-y-3">
      {last ? (
        <p
          role="status"
          className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
          data-testid="mapping-saved"
        >
          {last}
        </p>
      ) : null}
      {empty ? (
        <p className="text-sm text-slate-600">No entries yet, and nothing is waiting for one.</p>
      ) : (
        <div className="-mx-5 overflow-x-auto relative">
          <table className="w-full min-w-[640px] text-left text-sm" data-testid="mapping-table" data-kind={view.kind}>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-5 py-2 font-medium">{view.source}</th>
                <th className="px-3 py-2 font-medium">{view.target}</th>
                <th className="px-3 py-2 font-medium">Note</th>
                <th className="px-3 py-2 font-medium">Changed</th>
                <th className="px-5 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {view.waiting
                .filter((w) => !w.mappedTo)
                .map((w) => (
                  <Fragment key={`waiting:${w.key}`}>
                    <tr className="bg-amber-50/60 align-top" data-testid="mapping-waiting" data-key={w.key}>
                      <td className="px-5 py-2.5 font-mono">{w.key}</td>
                      <td className="px-3 py-2.5" colSpan={3}>
                        <span className="text-amber-900">{w.ask}</span>{" "}
                        <Link href={heldQuery(w.ask)} className="whitespace-nowrap">
                          <Badge tone="amber">
                            {w.count.toLocaleString("en-GB")} {w.count === 1 ? "record waits" : "records wait"}
                          </Badge>
                        </Link>
                      </td>
                      <td className="px-5 py-2.5 text-right">
                        {canWrite ? (
                          <Button
                            className="px-2.5 py-1 text-xs"
                            onClick={() =>
                              setOpen({ row: `waiting:${w.key}`, mode: { type: "add", sourceKey: w.key } })
                            }
                          >
                            Map this
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                    {form(`waiting:${w.key}`)}
                  </Fragment>
                ))}
              {view.entries.map((e) => (
                <Fragment key={e.id}>
                  <tr className="align-top hover:bg-slate-50" data-testid="mapping-entry" data-key={e.sourceKey}>
                    <td className="px-5 py-2.5 font-mono">{e.sourceKey}</td>
                    <td className="px-3 py-2.5 font-mono">
                      {e.targetValue}
                      {e.waiting > 0 ? (
                        <p className="font-sans text-xs text-amber-800">
                          {e.waiting} still held for it: save it again to release them.
                        </p>
                      ) : null}
                    </td>
                    <td className="px-3 py-2.5 text-slate-600">{e.note ?? ""}</td>
                    <td className="px-3 py-2.5 text-xs text-slate-600">
                      {formatWhen(e.updatedAt, timeZone)}
                      {e.updatedBy ? <> · {e.updatedBy}</> : null}
                    </td>
                    <td className="whitespace-nowrap px-5 py-2.5 text-right">
                      {canWrite ? (
                        <span className="inline-flex gap-1">
                          <Button
                            variant="secondary"
                            className="px-2.5 py-1 text-xs"
                            onClick={() =>
                              setOpen({
                                row: `entry:${e.id}`,
                                mode: {
                                  type: "edit",
                                  id: e.id,
                                  sourceKey: e.sourceKey,
                                  targetValue: e.targetValue,
                                  note: e.note,
                                },
                              })
                            }
                          >
                            Change
                          </Button>
                          <Button
                            variant="danger"
                            className="px-2.5 py-1 text-xs"
                            busy={remove.isPending && remove.variables?.mappingId === e.id}
                            onClick={() => {
                              if (
                                window.confirm(
                                  `Remove the mapping ${e.sourceKey} → ${e.targetValue}? Records already carried across keep what they were given; new ones for ${e.sourceKey} will be held until it is mapped again.`,
                                )
                              )
                                remove.mutate({ companyId, mappingId: e.id });
                            }}
                          >
                            Remove
                          </Button>
                        </span>
                      ) : null}
                    </td>
                  </tr>
                  {form(`entry:${e.id}`)}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite ? (
        open?.row === "add" ? (
          <MappingForm
            companyId={companyId}
            kind={view.kind}
            source={view.source}
            target={view.target}
            mode={open.mode}
            onCancel={() => setOpen(null)}
            onDone={(m) => {
              setLast(m);
              setOpen(null);
            }}
          />
        ) : (
          <Button
            variant="secondary"
            className="px-2.5 py-1 text-xs"
            onClick={() => setOpen({ row: "add", mode: { type: "add" } })}
          >
            Add a mapping
          </Button>
        )
      ) : null}
    </div>
  );
}
