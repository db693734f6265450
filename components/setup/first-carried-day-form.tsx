"use client";
// The first carried day, chosen on the checklist: invoices, purchases and payments dated from it go to Sage 100.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function FirstCarriedDayForm({ companyId, startDate }: { companyId: string; startDate: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [value, setValue] = useState(startDate ?? "");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.setup.setFirstCarriedDay.mutationOptions({
      onSuccess: ({ startDate: day }) => {
        toast.success(`Documents dated from ${day} will be carried.`);
        setError(null);
        router.refresh();
      },
      onError: (e) => {
        const f = formErrors(e);
        setError(f.fields.startDate?.[0] ?? f.message ?? "That did not work.");
      },
    }),
  );
  return (
    <form
      className="mt-2 flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ companyId, startDate: value });
      }}
      data-testid="first-carried-day-form"
    >
      <label className="sr-only" htmlFor="first-carried-day">
        First carried day
      </label>
      <div className="w-44">
        <Input
          id="first-carried-day"
          type="date"
          value={value}
          required
          invalid={Boolean(error)}
          aria-describedby={error ? "first-carried-day-error" : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <Button type="submit" variant="secondary" busy={save.isPending} disabled={!value || value === startDate}>
        {startDate ? "Change" : "Save"}
      </Button>
      {error ? (
        <p id="first-carried-day-error" role="alert" className="w-full text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </form>
  );
}
