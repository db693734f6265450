"use client";
// What landed in the sandbox's simulated Sage 100 — "see it in Sage 100" for people trying Ledgerlink out: the newest
// records, or those whose number or party matches what is typed.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Input } from "@/components/ui/field";

export function SandboxDocuments({ companyId }: { companyId: string }) {
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const docs = useQuery({
    ...trpc.sage100.sandboxDocuments.queryOptions({ companyId, query: query.trim() || undefined }),
    refetchInterval: 10_000,
    placeholderData: (previous) => previous,
  });
  if (!docs.data?.running) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-700">In the sandbox Sage 100</summary>
      <div className="mt-2 max-w-xs">
        <label htmlFor="sandbox-documents-query" className="sr-only">
          Find in the sandbox Sage 100
        </label>
        <Input
          id="sandbox-documents-query"
          placeholder="Find a number or customer"
          value={query}
          maxLength={40}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {query.trim()
          ? `${docs.data.documents.length} matching "${query.trim()}"`
          : `The ${docs.data.documents.length} newest records`}
      </p>
      <table className="mt-1 w-full text-left text-xs" data-testid="sage100-sandbox-documents">
        <tbody>
          {docs.data.documents.map((d, i) => (
            <tr key={`${d.kind}-${d.number}-${d.state}-${i}`} className="border-t border-slate-100">
              <td className="py-1 pr-2">{d.kind}</td>
              <td className="pr-2 font-mono">{d.number}</td>
              <td className="pr-2">{d.party}</td>
              <td className="pr-2 text-slate-500">{d.state}</td>
              <td className="text-right">{d.amount === null ? "" : d.amount.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
