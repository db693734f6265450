"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { requestMagicLink, type SignInState } from "./actions";

export function SignInForm({
  callbackUrl,
  defaultEmail,
  notice,
  error,
}: {
  callbackUrl: string;
  defaultEmail?: string;
  notice?: string;
  error?: string;
}) {
  const [state, action, pending] = useActionState<SignInState, FormData>(requestMagicLink, { notice, error });
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.notice ? (
        <p
          role="status"
          data-testid="sign-in-notice"
          className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900 ring-1 ring-sky-200"
        >
          {state.notice}
        </p>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Work email" htmlFor="email" error={state.error}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          placeholder="you@company.com"
          defaultValue={state.email ?? defaultEmail}
          invalid={Boolean(state.error)}
          aria-describedby={state.error ? "email-error" : undefined}
          required
          autoFocus
        />
      </Field>
      <Button type="submit" busy={pending} className="w-full">
        Email me a sign-in link
      </Button>
    </form>
  );
}
