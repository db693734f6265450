"use client";
// Adding or changing one lookup entry. Keys and values can be typed; where a list is available (KashFlow's keys,
// Sage 100's accounts and codes as last read through the agent, the sandbox's, values already used) it is offered as
// suggestions. Errors show on their field (a value Sage 100 does not have, too); on success the person is told how
// many held records the entry released.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";
import type { MappingKind } from "@/server/sync/mappings/kinds";

export type MappingFormMode =
  | { type: "add"; sourceKey?: string }
  | { type: "edit"; id: string; sourceKey: string; targetValue: string; note: string | null };

export function releasedText(released: number): string {
  if (released === 0) return "No held records were waiting for it.";
  return `${released.toLocaleString("en-GB")} held ${released === 1 ? "record was" : "records were"} released and will go at the next run.`;
}

export function MappingForm({
  companyId,
  kind,
  source,
  target,
  mode,
  onDone,
  onCancel,
}: {
  companyId: string;
  kind: MappingKind;
  source: string;
  target: string;
  mode: MappingFormMode;
  onDone: (message: string) => void;
  onCancel?: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const [sourceKey, setSourceKey] = useState(mode.sourceKey ?? "");
  const [targetValue, setTargetValue] = useState(mode.type === "edit" ? mode.targetValue : "");
  const [note, setNote] = useState(mode.type === "edit" ? (mode.note ?? "") : "");
  const choices = useQuery({ ...trpc.mappings.choices.queryOptions({ companyId, kind }), staleTime: 60_000 });

  const done = (r: { sourceKey: string; targetValue: string; released: number }) => {
    const message = `${r.sourceKey} → ${r.targetValue} saved. ${releasedText(r.released)}`;
    toast.success(message);
    onDone(message);
    router.refresh();
  };
  const add = useMutation(trpc.mappings.add.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.mappings.update.mutationOptions({ onSuccess: done }));
  const pending = add.isPending || update.isPending;
  const errors = formErrors(mode.type === "add" ? add.error : update.error);
  const err = (k: string) => errors.fields[k];

  const submit = () => {
    if (mode.type === "add") add.mutate({ companyId, kind, sourceKey, targetValue, note: note || null });
    else update.mutate({ companyId, mappingId: mode.id, targetValue, note: note || null });
  };

  const sourceList = choices.data?.source;
  const targetList = choices.data?.target;
  const sourceHint = choices.isLoading
    ? "Reading the list from KashFlow…"
    : sourceList?.options.length
      ? `Suggestions from ${sourceList.from}; or type it.`
      : (sourceList?.problem ?? "Type it as KashFlow shows it.");
  const targetHint = choices.isLoading
    ? "Looking for Sage 100's values…"
    : targetList?.options.length
      ? `Suggestions from ${targetList.from}${targetList.problem ? `. ${targetList.problem}` : "; or type it."}`
      : (targetList?.problem ?? "Type it as Sage 100 shows it.");

  return (
    <form
      noValidate
      className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="mapping-form"
      data-kind={kind}
    >
      <FormError message={errors.message} />
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_1.3fr]">
        <Field
          label={source}
          htmlFor={`${id}-source`}
          error={err("sourceKey")}
          hint={mode.type === "edit" ? "To change the key, remove this entry and add another." : sourceHint}
        >
          <Input
            id={`${id}-source`}
            value={sourceKey}
            list={`${id}-source-list`}
            disabled={mode.type === "edit"}
            invalid={Boolean(err("sourceKey"))}
            onChange={(e) => setSourceKey(e.target.value)}
            autoComplete="off"
          />
          <datalist id={`${id}-source-list`}>
            {sourceList?.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </datalist>
        </Field>
        <Field label={target} htmlFor={`${id}-target`} error={err("targetValue")} hint={targetHint}>
          <Input
            id={`${id}-target`}
            value={targetValue}
            list={`${id}-target-list`}
            invalid={Boolean(err("targetValue"))}
            onChange={(e) => setTargetValue(e.target.value)}
            autoComplete="off"
            autoFocus={mode.type === "edit" || Boolean(mode.sourceKey)}
          />
          <datalist id={`${id}-target-list`}>
            {targetList?.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </datalist>
        </Field>
        <Field label="Note (optional)" htmlFor={`${id}-note`} error={err("note")}>
          <Input
            id={`${id}-note`}
            value={note}
            maxLength={200}
            invalid={Boolean(err("note"))}
            onChange={(e) => setNote(e.target.value)}
          />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" busy={pending} className="px-3 py-1.5">
          {mode.type === "add" ? "Save mapping" : "Save change"}
        </Button>
        {onCancel ? (
          <Button type="button" variant="ghost" className="px-3 py-1.5" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
