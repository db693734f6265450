// The records view's filters: a plain GET form, so every filtered view is a link that can be shared.
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { MODELS } from "@/server/domain/model";
import { modelPlural, RECORD_STATUSES, STATUS_LABEL, SYSTEM_NAMES } from "./labels";

type Filter = { model?: string; system?: string; status?: string; q?: string };

export function RecordsFilter({ action, filter }: { action: string; filter: Filter }) {
  const active = Boolean(filter.model || filter.system || filter.status || filter.q);
  return (
    <form
      method="get"
      action={action}
      role="search"
      className="grid gap-3 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end"
      data-testid="sync-records-filter"
    >
      <Field label="Search" htmlFor="records-q">
        <Input
          id="records-q"
          name="q"
          type="search"
          defaultValue={filter.q ?? ""}
          placeholder="Code, Sage 100 key, name or error"
          maxLength={100}
        />
      </Field>
      <Field label="Model" htmlFor="records-model">
        <Select id="records-model" name="model" defaultValue={filter.model ?? ""}>
          <option value="">All models</option>
          {MODELS.map((m) => (
            <option key={m} value={m}>
              {modelPlural(m)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="System" htmlFor="records-system">
        <Select id="records-system" name="system" defaultValue={filter.system ?? ""}>
          <option value="">Both systems</option>
          {Object.entries(SYSTEM_NAMES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Status" htmlFor="records-status">
        <Select id="records-status" name="status" defaultValue={filter.status ?? ""}>
          <option value="">Any status</option>
          {RECORD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex gap-2">
        <Button type="submit">Search</Button>
        {active ? (
          <Link href={action} className="self-center text-sm text-slate-600 hover:text-indigo-700">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
