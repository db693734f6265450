// What the app exposes, read from the code and the build rather than listed by hand: every app/**/route.ts with its
// exported methods, every page, and every server action id in Next's build manifest.
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

export type AppFile = { file: string; pattern: string; segments: string[]; methods: string[]; source: string };
export type ServerAction = { id: string; pages: string[] };

function appFiles(name: "route.ts" | "page.tsx"): string[] {
  return (fs.readdirSync(path.join(ROOT, "app"), { recursive: true }) as string[])
    .filter((f) => path.basename(f) === name || path.basename(f) === name.replace(/\.tsx?$/, ".js"))
    .map((f) => path.join("app", f).split(path.sep).join("/"))
    .sort();
}

/** `app/o/[slug]/page.tsx` -> `/o/[slug]` (route groups dropped). */
export function urlPattern(file: string): string {
  const parts = file
    .split("/")
    .slice(1, -1)
    .filter((p) => !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+(?:const\s*)?\{([^}]*)\}/g))
    for (const name of m[1]!.split(","))
      found.add(
        name
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
  return HTTP_METHODS.filter((m) => found.has(m));
}

function describe(file: string): AppFile {
  const source = fs.readFileSync(path.join(ROOT, file), "utf8");
  const pattern = urlPattern(file);
  return { file, pattern, segments: pattern.split("/").slice(1), methods: exportedMethods(source), source };
}

export function routeFiles(): AppFile[] {
  return appFiles("route.ts").map(describe);
}

export function pageFiles(): AppFile[] {
  return appFiles("page.tsx").map(describe);
}

/** Action ids from the build (`next build` writes them with the pages that can call them). */
export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as { node?: Record<string, { workers?: Record<string, unknown> }> };
  return Object.entries(manifest.node ?? {})
    .map(([id, entry]) => ({
      id,
      pages: Object.keys(entry.workers ?? {})
        .filter((w) => w.startsWith("app/") && w.endsWith("/page"))
        .map((w) => urlPattern(`${w}.tsx`)),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export type ServerInputs = {
  procedures: { path: string; type: string; fields: string[] }[];
  wireSchemas: Record<string, string[]>;
};
