// The app server's resident memory: the `next start` process scripts/e2e-server.ts records, plus its children.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 4 (ppid), counted after the command name, which may itself hold spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** RSS of `root` and every process below it, in bytes. */
export function treeRss(root: number): number {
  const pids = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rssBytes(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

// Runs in a child: Node 20 has a WebSocket client only behind a flag.
const GC_SCRIPT = `const ws = new WebSocket(process.argv[1]);
ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
ws.onmessage = () => ws.close();
ws.onclose = () => process.exit(0);
ws.onerror = () => process.exit(1);`;

/** A full garbage collection in the server (through its inspector, opened by SIGUSR1), so RSS shows what is kept. */
export async function collectGarbage(pid: number, inspectorPort: number): Promise<void> {
  process.kill(pid, "SIGUSR1");
  let url = "";
  for (let attempt = 0; attempt < 50 && !url; attempt++) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      url = targets[0]?.webSocketDebuggerUrl ?? "";
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (!url) throw new Error(`the server's inspector did not open on port ${inspectorPort}`);
  const flags = "WebSocket" in globalThis ? [] : ["--experimental-websocket"];
  const run = spawnSync(process.execPath, [...flags, "--no-warnings", "-e", GC_SCRIPT, url], { timeout: 30_000 });
  if (run.status !== 0) throw new Error(`forcing a garbage collection failed: ${run.stderr}`);
}
