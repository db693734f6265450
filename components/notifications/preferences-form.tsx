"use client";
// A person's own alert choices in one organization: which problems email them at once, how often the digest
// comes, and the time zone it follows (all organizations).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Select } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

type Kind = { kind: string; label: string; description: string; on: boolean; roleDefault: boolean };
export type PreferencesFormValue = {
  immediate: Kind[];
  digestOnly: { kind: string; label: string; description: string }[];
  digest: "daily" | "weekly" | "off";
  digestRoleDefault: "daily" | "weekly" | "off";
  timezone: string | null;
  defaultTimezone: string;
  effectiveTimezone: string;
};

const DIGEST_LABELS = { daily: "Daily, at 08:00", weekly: "Weekly, Mondays at 08:00", off: "Off" } as const;

export function PreferencesForm({
  orgId,
  orgName,
  initial,
  timezones,
}: {
  orgId: string;
  orgName: string;
  initial: PreferencesFormValue;
  timezones: string[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [immediate, setImmediate] = useState<Record<string, boolean>>(
    Object.fromEntries(initial.immediate.map((k) => [k.kind, k.on])),
  );
  const [digest, setDigest] = useState(initial.digest);
  const [timezone, setTimezone] = useState(initial.timezone ?? "");
  const save = useMutation(
    trpc.notifications.updatePreferences.mutationOptions({
      onSuccess: () => {
        toast.success("Notification settings saved");
        router.refresh();
      },
    }),
  );
  const errors = formErrors(save.error);
  return (
    <form
      noValidate
      className="space-y-8"
      data-testid="preferences-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ orgId, immediate, digest, timezone: timezone || null });
      }}
    >
      <FormError message={errors.message} />
      <fieldset>
        <legend className="text-base font-semibold">Emails at once</legend>
        <p className="mt-1 text-sm text-slate-600">
          One email per company and problem, at most one an hour, for companies in {orgName}.
        </p>
        <div className="mt-4 space-y-3">
          {initial.immediate.map((k) => (
            <label key={k.kind} className="flex items-start gap-3" htmlFor={`pref-${k.kind}`}>
              <input
                id={`pref-${k.kind}`}
                type="checkbox"
                className="mt-1 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
                checked={immediate[k.kind] ?? false}
                onChange={(e) => setImmediate((v) => ({ ...v, [k.kind]: e.target.checked }))}
                data-testid={`pref-immediate-${k.kind}`}
              />
              <span>
                <span className="block text-sm font-medium text-slate-900">{k.label}</span>
                <span className="block text-sm text-slate-600">
                  {k.description} {k.roleDefault ? "" : "(off by default for your role)"}
                </span>
              </span>
            </label>
          ))}
        </div>
        {initial.digestOnly.length > 0 ? (
          <p className="mt-4 text-sm text-slate-600">
            In the digest and the app only: {initial.digestOnly.map((k) => k.label).join("; ")}.
          </p>
        ) : null}
      </fieldset>

      <fieldset className="max-w-md space-y-4">
        <legend className="text-base font-semibold">Digest</legend>
        <p className="text-sm text-slate-600">
          One email covering every company you can see, across all your organizations, with what is still open.
        </p>
        <Field label={`Digest for ${orgName}`} htmlFor="pref-digest" error={errors.fields.digest}>
          <Select
            id="pref-digest"
            value={digest}
            onChange={(e) => setDigest(e.target.value as typeof digest)}
            data-testid="pref-digest"
          >
            {(["daily", "weekly", "off"] as const).map((f) => (
              <option key={f} value={f}>
                {DIGEST_LABELS[f]}
                {f === initial.digestRoleDefault ? " (default for your role)" : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Digest time zone (all your organizations)"
          htmlFor="pref-timezone"
          error={errors.fields.timezone}
          hint="The digest comes at 08:00 in this time zone."
        >
          <Select
            id="pref-timezone"
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            data-testid="pref-timezone"
          >
            <option value="">Automatic: {initial.defaultTimezone} (your first company&apos;s)</option>
            {timezones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>

      <Button type="submit" busy={save.isPending} data-testid="preferences-save">
        Save
      </Button>
    </form>
  );
}
