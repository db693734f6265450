// Messages to and from a benchmark's peer process (the simulators and agents it forks): send one, wait for the answer.
import type { ChildProcess } from "node:child_process";

/** Sends `send` (if any) and resolves with the peer's next message of `kind` that `match` accepts. */
export function askPeer<T extends { kind: string }>(
  child: ChildProcess,
  kind: string,
  send?: unknown,
  match: (m: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (m.kind !== kind || !match(m)) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`the bench peer exited (${code}) before "${kind}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
    if (send) child.send(send as object);
  });
}
