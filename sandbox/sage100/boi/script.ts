// ProvideX.Script: the COM entry point (CreateObject("ProvideX.Script")). Init(path) must come first; NewObject
// creates SY_Session (first) and business/service/update objects bound to a session of this same instance.
import { ComBase, comWrap, unwrapCom } from "./com-object";
import type { SessionHandle, SimCore } from "./context";
import { ComError } from "./errors";
import { findObjectClass } from "./registry";
import { SySession } from "./session";
import { userHasRight } from "./users";

export class ProvideXScript extends ComBase {
  private homePath: string | null = null;
  private readonly sessions = new Set<SySession>();

  constructor(sim: SimCore) {
    super(sim);
  }

  owningSession(): SessionHandle | null {
    return null;
  }

  override get exemptFromDeadSession(): boolean {
    return true;
  }

  releaseResources(): void {
    for (const s of this.sessions) if (!s.released) s.DropObject();
    this.sessions.clear();
  }

  /** Path to the server's MAS90\Home; unknown path => COM exception. */
  Init(path: unknown): void {
    const p = String(path ?? "");
    if (!this.sim.acceptsHomePath(p)) throw new ComError("COM_INIT_PATH", { path: p });
    this.homePath = p;
  }

  get sHomePath(): string {
    return this.homePath ?? "";
  }

  NewObject(name: unknown, session?: unknown, ..._rest: unknown[]): unknown {
    if (this.homePath === null) throw new ComError("COM_NOT_INITIALISED", { method: "NewObject" });
    const className = String(name ?? "");
    const cls = findObjectClass(className);
    if (!cls) throw new ComError("COM_UNKNOWN_CLASS", { name: className });
    if (cls.kind === "session") {
      const s = new SySession(this.sim, this.id);
      this.sessions.add(s);
      return comWrap(s);
    }
    const raw = unwrapCom<unknown>(session);
    if (!(raw instanceof SySession) || raw.scriptId !== this.id || raw.released)
      throw new ComError("COM_SESSION_REQUIRED", { name: cls.name });
    const user = raw.currentUser();
    const company = raw.currentCompany();
    if (!user || !company) throw new ComError("COM_PROGRAM_NOT_SET", { name: cls.name });
    if (cls.kind !== "svc") {
      if (!raw.currentProgram()) throw new ComError("COM_PROGRAM_NOT_SET", { name: cls.name });
      if (cls.task && !userHasRight(user, cls.task)) {
        raw.setError("SY_NoAccess", "No Access - you are not authorized to perform this action");
        throw new ComError("COM_NO_ACCESS", { name: cls.name });
      }
    }
    return comWrap(cls.create({ session: raw, company, user }));
  }

  /** ProvideX statement execution is not simulated; present so the six Script methods exist. */
  Execute(_statement: unknown): number {
    return 0;
  }

  Evaluate(expression: unknown): string {
    return String(expression ?? "");
  }

  Run(_program: unknown): number {
    return 0;
  }

  /** Drops every session (and its objects) created by this instance. */
  Reset(): void {
    this.releaseResources();
  }
}
