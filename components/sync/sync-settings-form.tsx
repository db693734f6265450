"use client";
// The company's sync choices: who owns each group of fields, addresses, the schedule, and how each financial flow
// writes into Sage 100 (currency, closed periods, invoices, documents dated after today, exchange rates, purchases,
// payments, stock, order status). Errors show
// per field; a value typed half-way is shown back with its error rather than lost.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
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

// Numbers, the start date and the warehouse list stay text while typed.
type Draft = Omit<
  Settings,
  "pollMinutes" | "deletionGraceSweeps" | "salesInvoices" | "payments" | "stock" | "alerts" | "retention" | "fx"
> & {
  pollMinutes: string;
  fx: { useLatestRate: boolean; maxAgeDays: string };
  alerts: { agentOfflineMinutes: string };
  retention: { days: string };
  deletionGraceSweeps: string;
  salesInvoices: Omit<Settings["salesInvoices"], "startDate"> & { startDate: string };
  payments: Omit<Settings["payments"], "kashflowBankAccountId" | "kashflowMethodId"> & {
    kashflowBankAccountId: string;
    kashflowMethodId: string;
  };
  stock: Omit<Settings["stock"], "warehouses"> & { warehouses: string };
};
const toNumber = (s: string) => (s.trim() === "" || Number.isNaN(Number(s)) ? (s as unknown as number) : Number(s));
const toOptionalNumber = (s: string) => (s.trim() === "" ? null : toNumber(s));

function toDraft(s: Settings): Draft {
  return {
    ...s,
    pollMinutes: String(s.pollMinutes),
    deletionGraceSweeps: String(s.deletionGraceSweeps),
    salesInvoices: { ...s.salesInvoices, startDate: s.salesInvoices.startDate ?? "" },
    payments: {
      ...s.payments,
      kashflowBankAccountId: s.payments.kashflowBankAccountId?.toString() ?? "",
      kashflowMethodId: s.payments.kashflowMethodId?.toString() ?? "",
    },
    stock: { ...s.stock, warehouses: s.stock.warehouses.join(", ") },
    alerts: { agentOfflineMinutes: String(s.alerts?.agentOfflineMinutes ?? 10) },
    retention: { days: String(s.retention?.days ?? 90) },
    fx: { useLatestRate: s.fx?.useLatestRate ?? false, maxAgeDays: String(s.fx?.maxAgeDays ?? 7) },
  };
}

function fromDraft(d: Draft): Settings {
  return {
    ...d,
    pollMinutes: toNumber(d.pollMinutes),
    deletionGraceSweeps: toNumber(d.deletionGraceSweeps),
    salesInvoices: { ...d.salesInvoices, startDate: d.salesInvoices.startDate.trim() || null },
    payments: {
      ...d.payments,
      kashflowBankAccountId: toOptionalNumber(d.payments.kashflowBankAccountId),
      kashflowMethodId: toOptionalNumber(d.payments.kashflowMethodId),
    },
    stock: {
      ...d.stock,
      warehouses: d.stock.warehouses
        .split(",")
        .map((w) => w.trim())
        .filter(Boolean),
    },
    alerts: { agentOfflineMinutes: toNumber(d.alerts.agentOfflineMinutes) },
    retention: { days: toNumber(d.retention.days) },
    fx: { useLatestRate: d.fx.useLatestRate, maxAgeDays: toNumber(d.fx.maxAgeDays) },
  };
}

function Section({
  title,
  description,
  columns = 3,
  children,
}: {
  title: string;
  description?: string;
  columns?: 2 | 3;
  children: ReactNode;
}) {
  return (
    <section className="space-y-3">
      <div>
        <h3 className="text-sm font-semibold">{title}</h3>
        {description ? <p className="text-xs text-slate-500">{description}</p> : null}
      </div>
      <div className={`grid gap-4 ${columns === 2 ? "sm:grid-cols-2" : "sm:grid-cols-3"}`}>{children}</div>
    </section>
  );
}

function Check({
  id,
  label,
  hint,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <div className="flex items-start gap-2 pt-1">
      <input
        id={id}
        type="checkbox"
        className="mt-1 h-4 w-4 rounded border-slate-300"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p className="text-xs text-slate-500">{hint}</p>
      </div>
    </div>
  );
}

export function SyncSettingsForm({
  companyId,
  settings,
  canWrite,
  canSetPolicies = false,
}: {
  companyId: string;
  settings: Settings;
  canWrite: boolean;
  /** Owners and admins: accounting policies such as which exchange rate a document may use. */
  canSetPolicies?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const save = useMutation(
    trpc.sync.updateSettings.mutationOptions({
      onSuccess: () => {
        toast.success("Sync settings saved");
        router.refresh();
      },
    }),
  );
  const errors = formErrors(save.error);
  const err = (key: string) =>
    errors.fields[key] ?? Object.entries(errors.fields).find(([k]) => k.startsWith(`${key}.`))?.[1];
  const set = <
    G extends "sage100" | "salesInvoices" | "documents" | "fx" | "purchases" | "payments" | "stock" | "orderStatus",
  >(
    group: G,
    patch: Partial<Draft[G]>,
  ) => setDraft((d) => ({ ...d, [group]: { ...d[group], ...patch } }));
  const text = <G extends "sage100" | "salesInvoices" | "purchases" | "payments" | "stock">(
    group: G,
    key: keyof Draft[G] & string,
    id: string,
    o: { maxLength?: number; placeholder?: string; inputMode?: "numeric" } = {},
  ) => (
    <Input
      id={id}
      value={String(draft[group][key] ?? "")}
      invalid={Boolean(err(`${group}.${key}`))}
      {...o}
      onChange={(e) => set(group, { [key]: e.target.value } as Partial<Draft[G]>)}
    />
  );

  return (
    <form
      noValidate
      className="space-y-8"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ companyId, ...fromDraft(draft) });
      }}
      data-testid="sync-settings-form"
    >
      <FormError message={errors.message} />
      <fieldset disabled={!canWrite} className="space-y-8">
        <Section title="When both systems changed the same record" columns={2}>
          {GROUPS.map((g) => (
            <Field key={g.key} label={g.label} htmlFor={`own-${g.key}`} hint={g.hint} error={err(`ownership.${g.key}`)}>
              <Select
                id={`own-${g.key}`}
                value={draft.ownership[g.key]}
                invalid={Boolean(err(`ownership.${g.key}`))}
                onChange={(e) =>
                  setDraft((d) => ({ ...d, ownership: { ...d.ownership, [g.key]: e.target.value as Owner } }))
                }
              >
                {OWNERS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </Section>

        <Section title="Sage 100 addresses and keys">
          <Field
            label="UK county goes to"
            htmlFor="county-to"
            hint="Sage 100 has no county field. Either way a warning is kept on the record."
            error={err("sage100.countyTo")}
          >
            <Select
              id="county-to"
              value={draft.sage100.countyTo}
              onChange={(e) => set("sage100", { countyTo: e.target.value as Settings["sage100"]["countyTo"] })}
            >
              <option value="address_line_3">Address line 3</option>
              <option value="drop">Nowhere (dropped)</option>
            </Select>
          </Field>
          <Field
            label="State for non-US addresses"
            htmlFor="foreign-state"
            hint="Two letters, or empty."
            error={err("sage100.foreignState")}
          >
            {text("sage100", "foreignState", "foreign-state", { maxLength: 2 })}
          </Field>
          <Field
            label="AR/AP division"
            htmlFor="division"
            hint="For new customers and vendors; 00 when divisions are off."
            error={err("sage100.division")}
          >
            {text("sage100", "division", "division", { maxLength: 2 })}
          </Field>
        </Section>

        <Section
          title="Sage 100 company"
          description="How documents are entered: converted into the company's currency at their date's rate, never into a closed period."
        >
          <Field
            label="Sage 100 currency"
            htmlFor="sage-currency"
            hint="KashFlow's GBP and EUR documents are converted into it. Fixed once documents are in Sage 100."
            error={err("sage100.currency")}
          >
            {text("sage100", "currency", "sage-currency", { maxLength: 3 })}
          </Field>
          <Field
            label="Invoice line item"
            htmlFor="invoice-item"
            hint="The miscellaneous item for lines whose product is not in Sage 100, such as /SERVICE."
            error={err("sage100.invoiceItem")}
          >
            {text("sage100", "invoiceItem", "invoice-item", { maxLength: 30 })}
          </Field>
          <Field
            label="Invoice tax schedule"
            htmlFor="tax-schedule"
            hint="NONTAX keeps US sales tax off; VAT travels on its own lines."
            error={err("sage100.invoiceTaxSchedule")}
          >
            {text("sage100", "invoiceTaxSchedule", "tax-schedule", { maxLength: 9 })}
          </Field>
          <Check
            id="redate-closed"
            label="Move documents out of closed periods"
            hint="Off: a document dated in a closed Sage 100 period is held with Sage's reason. On: it is entered on the first open day, with a warning on the record."
            checked={draft.sage100.redateClosedPeriod}
            onChange={(v) => set("sage100", { redateClosedPeriod: v })}
          />
        </Section>

        <Section title="Sales invoices">
          <Field
            label="How invoices reach Sage 100"
            htmlFor="invoice-mode"
            hint="Fixed once invoices are in Sage 100."
            error={err("salesInvoices.mode")}
          >
            <Select
              id="invoice-mode"
              value={draft.salesInvoices.mode}
              invalid={Boolean(err("salesInvoices.mode"))}
              onChange={(e) => set("salesInvoices", { mode: e.target.value as Settings["salesInvoices"]["mode"] })}
            >
              <option value="detail">One A/R invoice per KashFlow invoice</option>
              <option value="summary">One G/L journal per day</option>
            </Select>
          </Field>
          <Field
            label="Sage 100 invoice number prefix"
            htmlFor="invoice-prefix"
            hint="Prefix + KashFlow's number, so a retry finds what it entered. Fixed once invoices are in Sage 100."
            error={err("salesInvoices.sage100Prefix")}
          >
            {text("salesInvoices", "sage100Prefix", "invoice-prefix", { maxLength: 6 })}
          </Field>
          <Field
            label="Carry invoices issued from"
            htmlFor="start-date"
            hint="Used on the first run; empty means the start of the previous month."
            error={err("salesInvoices.startDate")}
          >
            {text("salesInvoices", "startDate", "start-date", { placeholder: "YYYY-MM-DD", maxLength: 10 })}
          </Field>
        </Section>

        <Section
          title="Documents dated after today"
          columns={2}
          description="Invoices, bills and payments already in KashFlow with a later date. Every one is carried to Sage 100, once."
        >
          <Field
            label="A document dated after today"
            htmlFor="future-dated"
            hint="“On its date” keeps it pending, shown as “Waits for its date” under Records, until that day begins in the company's time zone."
            error={err("documents.futureDated")}
          >
            <Select
              id="future-dated"
              value={draft.documents.futureDated}
              invalid={Boolean(err("documents.futureDated"))}
              onChange={(e) =>
                set("documents", { futureDated: e.target.value as Settings["documents"]["futureDated"] })
              }
            >
              <option value="now">Is carried at once</option>
              <option value="on_date">Is carried on its date</option>
            </Select>
          </Field>
        </Section>

        <Section
          title="Exchange rates"
          columns={2}
          description="A document in another currency is converted at its own date's rate from FX rates. Without one it is held until the rate is entered, and entering it releases the document."
        >
          <Check
            id="fx-latest-rate"
            label="Use the latest rate when the document's day has none"
            hint={
              canSetPolicies
                ? "The record then says which day's rate it used. Owners and admins only."
                : "Only an owner or admin can change this."
            }
            checked={draft.fx.useLatestRate}
            disabled={!canSetPolicies}
            onChange={(v) => set("fx", { useLatestRate: v })}
          />
          <Field
            label="Up to this many days old"
            htmlFor="fx-max-age"
            hint="1 to 30 days before the document's date."
            error={err("fx.maxAgeDays")}
          >
            <Input
              id="fx-max-age"
              value={draft.fx.maxAgeDays}
              inputMode="numeric"
              maxLength={2}
              disabled={!canSetPolicies || !draft.fx.useLatestRate}
              invalid={Boolean(err("fx.maxAgeDays"))}
              onChange={(e) => set("fx", { maxAgeDays: e.target.value })}
            />
          </Field>
          {err("fx.useLatestRate") ? (
            <p className="text-xs text-red-700" role="alert">
              {err("fx.useLatestRate")}
            </p>
          ) : null}
        </Section>

        <Section title="Purchases">
          <Field
            label="KashFlow VAT nominal"
            htmlFor="vat-nominal"
            hint="Input VAT on bills goes to the G/L account this nominal is mapped to."
            error={err("purchases.vatNominal")}
          >
            {text("purchases", "vatNominal", "vat-nominal", { inputMode: "numeric", maxLength: 10 })}
          </Field>
          <Check
            id="purchases-post"
            label="Post A/P invoices at once"
            hint="Off leaves each in its batch for review in Sage 100."
            checked={draft.purchases.post}
            onChange={(v) => set("purchases", { post: v })}
          />
        </Section>

        <Section
          title="Payments"
          description="Payments held for an account below go ahead on the next run once it is chosen."
        >
          <Field
            label="Unapplied cash G/L account"
            htmlFor="unapplied-cash"
            hint="Where an over-payment stays. Empty holds such payments."
            error={err("payments.unappliedCashAccount")}
          >
            {text("payments", "unappliedCashAccount", "unapplied-cash", { placeholder: "e.g. 2310-00", maxLength: 13 })}
          </Field>
          <Field
            label="Exchange difference G/L account"
            htmlFor="fx-difference"
            hint="Where a foreign invoice settled at another rate posts its difference. Empty holds such payments."
            error={err("payments.fxDifferenceAccount")}
          >
            {text("payments", "fxDifferenceAccount", "fx-difference", { placeholder: "e.g. 7050-00", maxLength: 13 })}
          </Field>
          <Field
            label="Deposit type"
            htmlFor="deposit-type"
            hint="Sage 100's deposit type for cash receipts."
            error={err("payments.depositType")}
          >
            <Select
              id="deposit-type"
              value={draft.payments.depositType}
              onChange={(e) => set("payments", { depositType: e.target.value as Settings["payments"]["depositType"] })}
            >
              <option value="C">Cash / check</option>
              <option value="R">Credit card</option>
              <option value="A">ACH</option>
            </Select>
          </Field>
          <Field
            label="KashFlow bank account for Sage 100 payments"
            htmlFor="kf-bank"
            hint="KashFlow's bank account number; empty uses KashFlow's default."
            error={err("payments.kashflowBankAccountId")}
          >
            {text("payments", "kashflowBankAccountId", "kf-bank", { inputMode: "numeric" })}
          </Field>
          <Field
            label="KashFlow payment method for Sage 100 payments"
            htmlFor="kf-method"
            hint="KashFlow's method number; empty uses the bank account's."
            error={err("payments.kashflowMethodId")}
          >
            {text("payments", "kashflowMethodId", "kf-method", { inputMode: "numeric" })}
          </Field>
          <Field
            label="Supplier payments"
            htmlFor="supplier-payments"
            hint="A KashFlow payment on a bill becomes a Sage 100 manual check paying its A/P invoice, unless vendors are paid in Sage 100."
            error={err("sage100.supplierPayments")}
          >
            <Select
              id="supplier-payments"
              value={draft.sage100.supplierPayments}
              onChange={(e) =>
                set("sage100", { supplierPayments: e.target.value as Settings["sage100"]["supplierPayments"] })
              }
            >
              <option value="manual_check">A/P manual checks</option>
              <option value="skip">Not carried (vendors are paid in Sage 100)</option>
            </Select>
          </Field>
          <Check
            id="payments-post"
            label="Post cash receipts and checks at once"
            hint="Off leaves each deposit and check in its batch for review in Sage 100."
            checked={draft.payments.post}
            onChange={(v) => set("payments", { post: v })}
          />
        </Section>

        <Section title="Stock and orders">
          <Field
            label="Sage 100 warehouses"
            htmlFor="warehouses"
            hint="Codes separated by commas, summed into KashFlow's stock; empty means every warehouse."
            error={err("stock.warehouses")}
          >
            {text("stock", "warehouses", "warehouses", { placeholder: "000, EST" })}
          </Field>
          <Field
            label="Stock quantity"
            htmlFor="stock-quantity"
            error={err("stock.quantity")}
            hint="Available is on hand less what orders hold."
          >
            <Select
              id="stock-quantity"
              value={draft.stock.quantity}
              onChange={(e) => set("stock", { quantity: e.target.value as Settings["stock"]["quantity"] })}
            >
              <option value="on_hand">On hand</option>
              <option value="available">Available</option>
            </Select>
          </Field>
          <Field
            label="A shipped order names its invoice by"
            htmlFor="order-match"
            error={err("orderStatus.matchBy")}
            hint="Where the Sage 100 sales order carries the KashFlow invoice."
          >
            <Select
              id="order-match"
              value={draft.orderStatus.matchBy}
              onChange={(e) => set("orderStatus", { matchBy: e.target.value as Settings["orderStatus"]["matchBy"] })}
            >
              <option value="invoice_number">Customer PO = KashFlow invoice number</option>
              <option value="customer_reference">The invoice's customer reference</option>
            </Select>
          </Field>
          <Field
            label="Write “shipped” to"
            htmlFor="order-write"
            error={err("orderStatus.writeTo")}
            hint="Automatic uses a note where KashFlow takes notes."
          >
            <Select
              id="order-write"
              value={draft.orderStatus.writeTo}
              onChange={(e) => set("orderStatus", { writeTo: e.target.value as Settings["orderStatus"]["writeTo"] })}
            >
              <option value="auto">Automatic</option>
              <option value="note">An invoice note</option>
              <option value="customer_reference">The customer reference</option>
            </Select>
          </Field>
        </Section>

        <Section title="Schedule, deletions and history" columns={2}>
          <Field
            label="Check KashFlow every (minutes)"
            htmlFor="poll-minutes"
            hint="1 to 1,440. KashFlow has no change feed for lists, so each check reads them in full."
            error={err("pollMinutes")}
          >
            <Input
              id="poll-minutes"
              inputMode="numeric"
              value={draft.pollMinutes}
              invalid={Boolean(err("pollMinutes"))}
              onChange={(e) => setDraft((d) => ({ ...d, pollMinutes: e.target.value }))}
            />
          </Field>
          <Field
            label="Deletion grace (complete checks)"
            htmlFor="grace-sweeps"
            hint="A record missing from this many complete checks in a row counts as deleted (1 to 20)."
            error={err("deletionGraceSweeps")}
          >
            <Input
              id="grace-sweeps"
              inputMode="numeric"
              value={draft.deletionGraceSweeps}
              invalid={Boolean(err("deletionGraceSweeps"))}
              onChange={(e) => setDraft((d) => ({ ...d, deletionGraceSweeps: e.target.value }))}
            />
          </Field>
          <Field
            label="Agent offline after (minutes)"
            htmlFor="agent-offline-minutes"
            hint="A Sage 100 agent not heard from for longer than this is a problem on the dashboard and an alert (1 to 1,440; default 10)."
            error={err("alerts.agentOfflineMinutes")}
          >
            <Input
              id="agent-offline-minutes"
              inputMode="numeric"
              value={draft.alerts.agentOfflineMinutes}
              invalid={Boolean(err("alerts.agentOfflineMinutes"))}
              onChange={(e) => setDraft((d) => ({ ...d, alerts: { agentOfflineMinutes: e.target.value } }))}
            />
          </Field>
          <Field
            label="Keep sync history (days)"
            htmlFor="retention-days"
            hint="Older attempts, agent commands and Sage 100 change batches are deleted nightly; each document keeps its latest (7 to 3,650; default 90)."
            error={err("retention.days")}
          >
            <Input
              id="retention-days"
              data-testid="retention-days"
              inputMode="numeric"
              value={draft.retention.days}
              invalid={Boolean(err("retention.days"))}
              onChange={(e) => setDraft((d) => ({ ...d, retention: { days: e.target.value } }))}
            />
          </Field>
        </Section>
      </fieldset>
      {canWrite ? (
        <Button type="submit" busy={save.isPending}>
          Save sync settings
        </Button>
      ) : (
        <p className="text-sm text-slate-500">Your role can see these settings but not change them.</p>
      )}
    </form>
  );
}
