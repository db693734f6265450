"use client";
// Flows and directions: each flow on or off, confirmed by a person (a line of the set-up checklist).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

type Choice = { id: string; label: string; direction: string; on: boolean; note: string | null };

export function FlowChoicesForm({
  companyId,
  flows,
  reviewed,
  canWrite,
  backHref,
}: {
  companyId: string;
  flows: Choice[];
  reviewed: boolean;
  canWrite: boolean;
  backHref: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [on, setOn] = useState(() => new Set(flows.filter((f) => f.on).map((f) => f.id)));
  const save = useMutation(
    trpc.setup.chooseFlows.mutationOptions({
      onSuccess: () => {
        toast.success("Flows saved.");
        router.push(backHref);
        router.refresh();
      },
    }),
  );
  const toggle = (id: string, value: boolean) =>
    setOn((s) => {
      const next = new Set(s);
      if (value) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ companyId, on: [...on] });
      }}
      className="space-y-4"
      data-testid="flow-choices-form"
    >
      <FormError message={formErrors(save.error).message} />
      <fieldset disabled={!canWrite} className="divide-y divide-slate-100">
        <legend className="sr-only">Flows on for this company</legend>
        {flows.map((f) => (
          <div key={f.id} className="flex items-start gap-3 py-3">
            <input
              id={`flow-${f.id}`}
              type="checkbox"
              className="mt-1 h-4 w-4 shrink-0 rounded border-slate-300"
              checked={on.has(f.id)}
              onChange={(e) => toggle(f.id, e.target.checked)}
              data-testid={`flow-choice-${f.id}`}
            />
            <div>
              <label htmlFor={`flow-${f.id}`} className="text-sm font-medium text-slate-900">
                {f.label}
              </label>
              <p className="text-xs text-slate-500">
                {f.direction}
                {f.note ? ` · ${f.note}` : ""}
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      {canWrite ? (
        <Button type="submit" busy={save.isPending} data-testid="flow-choices-save">
          {reviewed ? "Save flows" : "Confirm these flows"}
        </Button>
      ) : (
        <p className="text-sm text-slate-600">Viewers see the flows; an owner, admin or accountant chooses them.</p>
      )}
    </form>
  );
}
