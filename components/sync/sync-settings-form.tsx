"use client";
// The company's sync choices: who owns each group of fields, where a UK county goes in Sage 100, how often KashFlow
// is polled, and how many sweeps a record must be missing from before it counts as deleted. Errors show per field.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";
import type { SyncSettingsForm as Settings } from "@/server/services/sync/sync-settings";

type Owner = Settings["ownership"]["names"];
const OWNERS: { value: Owner; label: string }[] = [
  { value: "KASHFLOW", label: "KashFlow wins" },
  { value: "SAGE100", label: "Sage 100 wins" },
  { value: "MOST_RECENT", label: "Most recent change wins" },
];
const GROUPS: { key: keyof Settings["ownership"]; label: string; hint: string }[] = [
  { key: "names", label: "Names", hint: "Customer, supplier and product names." },
  { key: "contact", label: "Contact details", hint: "Contacts, email addresses and phone numbers." },
  { key: "address", label: "Addresses", hint: "Billing and delivery addresses." },
  { key: "creditTerms", label: "Credit terms", hint: "Payment terms and credit limits." },
  { key: "itemPricing", label: "Product pricing", hint: "Selling and buying prices." },
];

// Numbers stay text while typed, so a half-typed value is shown back with its error rather than lost.
type Draft = Omit<Settings, "pollMinutes" | "deletionGraceSweeps"> & { pollMinutes: string; deletionGraceSweeps: string };
const toNumber = (s: string) => (s.trim() === "" || Number.isNaN(Number(s)) ? (s as unknown as number) : Number(s));

export function SyncSettingsForm({ companyId, settings, canWrite }: { companyId: string; settings: Settings; canWrite: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>({ ...settings, pollMinutes: String(settings.pollMinutes), deletionGraceSweeps: String(settings.deletionGraceSweeps) });
  const save = useMutation(trpc.sync.updateSettings.mutationOptions({ onSuccess: () => { toast.success("Sync settings saved"); router.refresh(); } }));
  const errors = formErrors(save.error);
  const err = (key: string) => errors.fields[key];
  const submit = () => save.mutate({ companyId, ...draft, pollMinutes: toNumber(draft.pollMinutes), deletionGraceSweeps: toNumber(draft.deletionGraceSweeps) });

  return (
    <form noValidate className="space-y-6" onSubmit={(e) => { e.preventDefault(); submit(); }} data-testid="sync-settings-form">
      <FormError message={errors.message} />
      <fieldset disabled={!canWrite} className="space-y-6">
        <section className="space-y-3">
          <h3 className="text-sm font-semibold">When both systems changed the same record</h3>
          <div className="grid gap-4 sm:grid-cols-2">
            {GROUPS.map((g) => (
              <Field key={g.key} label={g.label} htmlFor={`own-${g.key}`} hint={g.hint} error={err(`ownership.${g.key}`)}>
                <Select id={`own-${g.key}`} value={draft.ownership[g.key]} invalid={Boolean(err(`ownership.${g.key}`))} onChange={(e) => setDraft((d) => ({ ...d, ownership: { ...d.ownership, [g.key]: e.target.value as Owner } }))}>
                  {OWNERS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                </Select>
              </Field>
            ))}
          </div>
        </section>
        <section className="space-y-3">
          <h3 className="text-sm font-semibold">Sage 100 addresses and keys</h3>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="UK county goes to" htmlFor="county-to" hint="Sage 100 has no county field. Either way a warning is kept on the record." error={err("sage100.countyTo")}>
              <Select id="county-to" value={draft.sage100.countyTo} onChange={(e) => setDraft((d) => ({ ...d, sage100: { ...d.sage100, countyTo: e.target.value as Settings["sage100"]["countyTo"] } }))}>
                <option value="address_line_3">Address line 3</option>
                <option value="drop">Nowhere (dropped)</option>
              </Select>
            </Field>
            <Field label="State for non-US addresses" htmlFor="foreign-state" hint="Two letters, or empty." error={err("sage100.foreignState")}>
              <Input id="foreign-state" value={draft.sage100.foreignState} maxLength={2} invalid={Boolean(err("sage100.foreignState"))} onChange={(e) => setDraft((d) => ({ ...d, sage100: { ...d.sage100, foreignState: e.target.value } }))} />
            </Field>
            <Field label="AR/AP division" htmlFor="division" hint="For new customers and vendors; 00 when divisions are off." error={err("sage100.division")}>
              <Input id="division" value={draft.sage100.division} maxLength={2} invalid={Boolean(err("sage100.division"))} onChange={(e) => setDraft((d) => ({ ...d, sage100: { ...d.sage100, division: e.target.value } }))} />
            </Field>
          </div>
        </section>
        <section className="space-y-3">
          <h3 className="text-sm font-semibold">Schedule and deletions</h3>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Check KashFlow every (minutes)" htmlFor="poll-minutes" hint="1 to 1,440. KashFlow has no change feed for lists, so each check reads them in full." error={err("pollMinutes")}>
              <Input id="poll-minutes" inputMode="numeric" value={draft.pollMinutes} invalid={Boolean(err("pollMinutes"))} onChange={(e) => setDraft((d) => ({ ...d, pollMinutes: e.target.value }))} />
            </Field>
            <Field label="Deletion grace (complete checks)" htmlFor="grace-sweeps" hint="A record missing from this many complete checks in a row counts as deleted (1 to 20)." error={err("deletionGraceSweeps")}>
              <Input id="grace-sweeps" inputMode="numeric" value={draft.deletionGraceSweeps} invalid={Boolean(err("deletionGraceSweeps"))} onChange={(e) => setDraft((d) => ({ ...d, deletionGraceSweeps: e.target.value }))} />
            </Field>
          </div>
        </section>
      </fieldset>
      {canWrite ? <Button type="submit" busy={save.isPending}>Save sync settings</Button> : <p className="text-sm text-slate-500">Your role can see these settings but not change them.</p>}
    </form>
  );
}
