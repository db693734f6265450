import Link from "next/link";

export function SyncBreadcrumb({ trail }: { trail: { href: string; label: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2 flex flex-wrap gap-1 text-sm text-slate-500">
      {trail.map((t, i) => (
        <span key={t.href}>
          {i > 0 ? <span className="mx-1 text-slate-300">/</span> : "← "}
          <Link href={t.href} className="hover:text-indigo-700">
            {t.label}
          </Link>
        </span>
      ))}
    </nav>
  );
}
