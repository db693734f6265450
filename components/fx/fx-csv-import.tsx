"use client";
// Importing rates from a CSV file (or pasted text): date,from,to,rate with a header row. Every row is checked
// first; one bad row and nothing is saved, with the rows to fix named.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";
import { releasedDocsText } from "./fx-rate-form";

const EXAMPLE = "date,from,to,rate\n2026-11-20,GBP,USD,1.2712\n2026-11-20,EUR,USD,1.0812";

export function FxCsvImport({ companyId }: { companyId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [last, setLast] = useState<string | null>(null);
  const load = useMutation(
    trpc.fx.importCsv.mutationOptions({
      onSuccess: (r) => {
        const message = `${r.saved.toLocaleString("en-GB")} ${r.saved === 1 ? "rate" : "rates"} imported (${r.pairs.join(", ")}, ${r.firstDay === r.lastDay ? r.firstDay : `${r.firstDay} to ${r.lastDay}`}). ${releasedDocsText(r.released)}`;
        toast.success(message);
        setLast(message);
        setCsv("");
        setFileName(null);
        router.refresh();
      },
    }),
  );
  const errors = formErrors(load.error);
  const csvErrors = errors.fields.csv;
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        load.mutate({ companyId, csv });
      }}
      data-testid="fx-csv-form"
    >
      {last ? (
        <p
          role="status"
          className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
          data-testid="fx-imported"
        >
          {last}
        </p>
      ) : null}
      <FormError message={errors.message} />
      <Field
        label="CSV file"
        htmlFor="fx-csv-file"
        hint="A header row date,from,to,rate; dates as 2026-11-20; at most 10,000 rows."
      >
        <input
          id="fx-csv-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:ring-1 file:ring-slate-300"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setFileName(file.name);
            setCsv(await file.text());
          }}
        />
      </Field>
      <Field label="Or paste the rows" htmlFor="fx-csv-text" error={csvErrors}>
        <textarea
          id="fx-csv-text"
          rows={5}
          value={csv}
          placeholder={EXAMPLE}
          aria-invalid={csvErrors ? true : undefined}
          onChange={(e) => {
            setCsv(e.target.value);
            setFileName(null);
          }}
          className="block w-full rounded-md border-0 px-3 py-2 font-mono text-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-400"
        />
      </Field>
      <Button type="submit" busy={load.isPending} disabled={!csv.trim()}>
        {fileName ? `Import ${fileName}` : "Import rates"}
      </Button>
    </form>
  );
}
