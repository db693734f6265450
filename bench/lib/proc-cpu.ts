// CPU seconds of process trees, read from /proc (Linux only; 0 elsewhere): for benchmarks that run PostgreSQL or a
// peer process as children of the measured process.
import fs from "node:fs";

/**
 * CPU seconds (user + system, reaped children included) of `root`'s descendants (and `root` itself unless `self` is
 * false), leaving out the subtrees in `skip`.
 */
export function treeCpuSeconds(root: number, o: { skip?: ReadonlySet<number>; self?: boolean } = {}): number {
  const skip = o.skip ?? new Set<number>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const e of entries) {
    try {
      const raw = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(e), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 50; p = stats.get(p)?.ppid ?? 0, hops++) {
      if (skip.has(p)) return false;
      if (p === root) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, st] of stats) if (inTree(pid) && (o.self !== false || pid !== root)) ticks += st.ticks;
  return ticks / 100;
}
