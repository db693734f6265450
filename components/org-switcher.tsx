"use client";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

type Org = { id: string; name: string; slug: string };

export function OrgSwitcher({ current, orgs }: { current: Org; orgs: Org[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, []);
  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-label="Switch organization"
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium hover:bg-slate-100"
      >
        {current.name}
        <ChevronsUpDown className="size-4 text-slate-400" aria-hidden />
      </button>
      {open ? (
        <div
          className="absolute left-0 z-20 mt-1 w-64 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200"
          role="listbox"
        >
          {orgs.map((org) => (
            <Link
              key={org.id}
              href={`/o/${org.slug}`}
              role="option"
              aria-selected={org.id === current.id}
              onClick={() => setOpen(false)}
              className="flex items-center justify-between px-3 py-2 text-sm hover:bg-slate-50"
            >
              {org.name}
              {org.id === current.id ? <Check className="size-4 text-indigo-600" aria-hidden /> : null}
            </Link>
          ))}
          <div className="my-1 border-t border-slate-100" />
          <Link
            href="/onboarding"
            className="flex items-center gap-2 px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
            onClick={() => setOpen(false)}
          >
            <Plus className="size-4" aria-hidden /> New organization
          </Link>
        </div>
      ) : null}
    </div>
  );
}
