// One-off codemod (issue 11 §5): moves the canonical model and the pure field rules the integrations' mappers need
// from server/sync/ to server/domain/, and rewrites every import of them. Safe to run again after merging a branch
// that still imports the old paths: moved files stay put, old specifiers are rewritten. Usage:
//   npx tsx scripts/codemods/move-to-domain.ts
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** [old, new]: a folder (trailing "/") or a module path without its extension. */
const MOVES: Array<[string, string]> = [
  ["server/sync/canonical/", "server/domain/canonical/"],
  ["server/sync/model", "server/domain/model"],
  ["server/sync/rules/text-fit", "server/domain/rules/text-fit"],
  ["server/sync/rules/address", "server/domain/rules/address"],
  ["server/sync/rules/places", "server/domain/rules/places"],
  ["server/sync/rules/terms", "server/domain/rules/terms"],
  ["server/sync/rules/tax-class", "server/domain/rules/tax-class"],
];

const SKIP = new Set(["node_modules", ".next", ".data", ".git", "generated", "test-results", "playwright-report"]);
const EXT = /\.(ts|tsx|mts|mjs|js|cjs)$/;

function mapped(p: string): string {
  for (const [from, to] of MOVES) {
    if (from.endsWith("/")) {
      if (p === from.slice(0, -1)) return to.slice(0, -1);
      if (p.startsWith(from)) return to + p.slice(from.length);
    } else if (p === from || p.startsWith(`${from}.`)) {
      return to + p.slice(from.length);
    }
  }
  return p;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (EXT.test(entry.name)) out.push(path.relative(ROOT, full));
  }
  return out;
}

const SPECIFIER = /((?:from|import|vi\.mock\(|require\()\s*\(?\s*)(["'])([^"'\n]+)\2/g;

function rewrite(file: string, text: string): string {
  const newFile = mapped(file);
  return text.replace(SPECIFIER, (whole, lead: string, quote: string, spec: string) => {
    let target: string;
    if (spec.startsWith("@/")) target = spec.slice(2);
    else if (spec.startsWith(".")) target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    else return whole;
    const newTarget = mapped(target);
    if (newTarget === target && newFile === file) return whole;
    let next: string;
    if (spec.startsWith(".") && newTarget !== target && newFile !== file) {
      // Both moved together: keep the relative form.
      const rel = path.posix.relative(path.posix.dirname(newFile), newTarget);
      next = rel.startsWith(".") ? rel : `./${rel}`;
    } else if (spec.startsWith(".") && newTarget === target) {
      // The importer moved, what it imports did not.
      next = `@/${target}`;
    } else {
      next = `@/${newTarget}`;
    }
    return next === spec ? whole : `${lead}${quote}${next}${quote}`;
  });
}

const files = walk(ROOT);
let changed = 0;
for (const file of files) {
  const full = path.join(ROOT, file);
  const text = fs.readFileSync(full, "utf8");
  const next = rewrite(file, text);
  if (next !== text) {
    fs.writeFileSync(full, next);
    changed++;
  }
}

let moved = 0;
for (const file of files) {
  const to = mapped(file);
  if (to === file) continue;
  fs.mkdirSync(path.dirname(path.join(ROOT, to)), { recursive: true });
  execFileSync("git", ["mv", file, to], { cwd: ROOT });
  moved++;
}
console.log(`[move-to-domain] rewrote imports in ${changed} file(s), moved ${moved} file(s)`);
