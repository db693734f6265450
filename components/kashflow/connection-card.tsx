"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { formErrors } from "@/lib/trpc-errors";
import { KashflowPasswordForm } from "./password-form";

type Status = "CONNECTED" | "EXPIRED" | "LOCKED" | "ERROR";
export type KashflowConnectionView = {
  connection: {
    authMethod: "OAUTH" | "SESSION_TOKEN";
    status: Status;
    accountName: string | null;
    username: string | null;
    sandboxAccountId: string | null;
    lastCheckedAt: Date | null;
    lastError: string | null;
  } | null;
  oauthAvailable: boolean;
  sandboxAvailable: boolean;
};

const STATUS: Record<Status, { label: string; tone: "green" | "amber" | "red" }> = {
  CONNECTED: { label: "Connected", tone: "green" },
  EXPIRED: { label: "Sign-in expired", tone: "amber" },
  LOCKED: { label: "Account locked", tone: "red" },
  ERROR: { label: "Not reachable", tone: "red" },
};

export function KashflowConnectionCard({
  companyId,
  view,
  canWrite,
}: {
  companyId: string;
  view: KashflowConnectionView;
  canWrite: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [showForm, setShowForm] = useState(false);
  const onError = (error: unknown) => toast.error(formErrors(error).message ?? "That did not work.");
  const startOAuth = useMutation(
    trpc.kashflow.startOAuth.mutationOptions({
      onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
      onError,
    }),
  );
  const sandbox = useMutation(
    trpc.kashflow.connectSandbox.mutationOptions({
      onSuccess: ({ accountName }) => {
        toast.success(`Connected to ${accountName}`);
        router.refresh();
      },
      onError,
    }),
  );
  const test = useMutation(
    trpc.kashflow.test.mutationOptions({
      onSuccess: (r) => {
        if (r.ok) toast.success(`KashFlow answered: ${r.accountName}`);
        else toast.error(r.error ?? "KashFlow refused the connection.");
        router.refresh();
      },
      onError,
    }),
  );
  const disconnect = useMutation(
    trpc.kashflow.disconnect.mutationOptions({
      onSuccess: () => {
        toast.success("KashFlow disconnected");
        router.refresh();
      },
      onError,
    }),
  );
  const c = view.connection;

  if (c) {
    const status = STATUS[c.status];
    return (
      <div className="space-y-4" data-testid="kashflow-connection">
        <div className="flex items-center justify-between gap-3">
          <div className="min-w-0 [overflow-wrap:anywhere]">
            <p className="font-medium" data-testid="kashflow-account">
              {c.accountName ?? "KashFlow account"}
            </p>
            <p className="text-sm text-slate-500">
              {c.authMethod === "OAUTH" ? "Connected through KashFlow sign-in" : `Signed in as ${c.username ?? "?"}`}
              {c.sandboxAccountId ? " · sandbox" : ""}
            </p>
          </div>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        {c.lastError && c.status !== "CONNECTED" ? (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            {c.lastError}
          </p>
        ) : null}
        {c.lastCheckedAt ? (
          <p className="text-xs text-slate-500">
            Last checked {c.lastCheckedAt.toISOString().replace("T", " ").slice(0, 16)} UTC
          </p>
        ) : null}
        {canWrite ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" busy={test.isPending} onClick={() => test.mutate({ companyId })}>
              Test connection
            </Button>
            {c.status !== "CONNECTED" && view.oauthAvailable ? (
              <Button variant="secondary" busy={startOAuth.isPending} onClick={() => startOAuth.mutate({ companyId })}>
                Reconnect
              </Button>
            ) : null}
            <Button
              variant="danger"
              busy={disconnect.isPending}
              onClick={() => {
                if (window.confirm("Disconnect KashFlow? Syncing stops until you connect again."))
                  disconnect.mutate({ companyId });
              }}
            >
              Disconnect
            </Button>
          </div>
        ) : null}
      </div>
    );
  }

  if (!canWrite) return <p className="text-sm text-slate-600">Not connected yet.</p>;
  if (showForm) return <KashflowPasswordForm companyId={companyId} onCancel={() => setShowForm(false)} />;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Not connected yet. Connect the KashFlow account whose books this company syncs.
      </p>
      <div className="flex flex-wrap gap-2">
        {view.oauthAvailable ? (
          <Button busy={startOAuth.isPending} onClick={() => startOAuth.mutate({ companyId })}>
            Connect with KashFlow
          </Button>
        ) : null}
        <Button variant={view.oauthAvailable ? "secondary" : "primary"} onClick={() => setShowForm(true)}>
          Use username and password
        </Button>
        {view.sandboxAvailable ? (
          <Button variant="secondary" busy={sandbox.isPending} onClick={() => sandbox.mutate({ companyId })}>
            Try with a sandbox
          </Button>
        ) : null}
      </div>
    </div>
  );
}
