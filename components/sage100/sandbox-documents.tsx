"use client";
// What landed in the sandbox's simulated Sage 100 — "see it in Sage 100" for people trying Ledgerlink out.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";

export function SandboxDocuments({ companyId }: { companyId: string }) {
  const trpc = useTRPC();
  const docs = useQuery({ ...trpc.sage100.sandboxDocuments.queryOptions({ companyId }), refetchInterval: 10_000 });
  if (!docs.data?.running) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-700">In the sandbox Sage 100 ({docs.data.documents.length} newest records)</summary>
      <table className="mt-2 w-full text-left text-xs" data-testid="sage100-sandbox-documents">
        <tbody>
          {docs.data.documents.map((d) => (
            <tr key={`${d.kind}-${d.number}-${d.state}`} className="border-t border-slate-100">
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
