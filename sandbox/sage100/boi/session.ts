// SY_Session: user, company (takes a licence seat), module dates, module, program (task) context, cleanup.
// Setters return 1 / 0 + sLastErrorMsg (spec §1.2); nLookupTask returns the task id or 0.
import { isValidSageDate, sageDate } from "../clock";
import type { SessionFailureMode } from "../faults";
import type { Company } from "../tables/company";
import { ComBase } from "./com-object";
import type { SessionHandle, SimCore } from "./context";
import { fail } from "./errors";
import { isModule, lookupTask, taskById, type TaskInfo } from "./tasks";
import { userHasRight, type SimUser } from "./users";

export class SySession extends ComBase implements SessionHandle {
  /** Id of the ProvideX.Script instance that created it (objects cannot cross scripts). */
  readonly scriptId: number;
  killed: SessionFailureMode | null = null;
  holdsSeat = false;
  private user: SimUser | null = null;
  private companyCode = "";
  private moduleCode = "";
  private readonly moduleDates = new Map<string, string>();
  private program: TaskInfo | null = null;
  private readonly children = new Set<ComBase>();

  constructor(sim: SimCore, scriptId: number) {
    super(sim);
    this.scriptId = scriptId;
    sim.registerSession(this);
  }

  owningSession(): SessionHandle {
    return this;
  }

  kill(mode: SessionFailureMode): void {
    this.killed = mode;
  }

  adopt(child: ComBase): void {
    this.children.add(child);
  }

  forget(child: ComBase): void {
    this.children.delete(child);
  }

  releaseResources(): void {
    for (const child of [...this.children]) {
      child.releaseResources();
      child.released = true;
    }
    this.children.clear();
    this.sim.locks.releaseSession(this.id);
    this.holdsSeat = false;
    this.sim.unregisterSession(this);
  }

  // --- accessors used by objects -----------------------------------------------------------------------------

  currentUser(): SimUser | null {
    return this.user;
  }

  currentCompany(): Company | null {
    return this.companyCode ? (this.sim.getCompany(this.companyCode) ?? null) : null;
  }

  currentProgram(): TaskInfo | null {
    return this.program;
  }

  /** Module date for `module` (nSetDate), else the current module's, else today's date from the clock. */
  moduleDateFor(module: string): string {
    return this.moduleDates.get(module) ?? this.moduleDates.get(this.moduleCode) ?? sageDate(this.sim.clock.now());
  }

  // --- BOI methods --------------------------------------------------------------------------------------------

  nSetUser(logon: unknown, password: unknown): number {
    const user = this.sim.findUser(String(logon ?? ""));
    if (!user || user.password !== String(password ?? "")) fail("BAD_LOGIN");
    this.user = user;
    return 1;
  }

  /** Windows/unified logon: not available in the simulator, callers fall back to nSetUser (spec §1.1). */
  nLogon(): number {
    fail("NO_UNIFIED_LOGIN");
  }

  nSetCompany(code: unknown, _ignoredSecondArg?: unknown): number {
    const co = String(code ?? "")
      .trim()
      .toUpperCase();
    const company = this.sim.getCompany(co);
    if (!company) fail("COMPANY_NOT_FOUND", { company: co || String(code ?? "") });
    if (this.sim.faults.isExclusive(co)) fail("EXCLUSIVE_MODE", { company: co });
    if (!this.holdsSeat) {
      const seats = this.sim.licenseSeats();
      if (this.sim.seatsInUse() >= seats) fail("NO_LICENSE", { seats });
      this.holdsSeat = true;
    }
    if (co !== this.companyCode) {
      // switching company re-initialises module, dates and program (spec §7.5, inferred)
      this.moduleCode = "";
      this.moduleDates.clear();
      this.program = null;
    }
    this.companyCode = co;
    return 1;
  }

  nSetDate(module: unknown, date: unknown): number {
    const mod = String(module ?? "").toUpperCase();
    if (!isModule(mod)) fail("INVALID_MODULE", { module: mod });
    const d = String(date ?? "").trim();
    if (!isValidSageDate(d)) fail("INVALID_DATE", { column: "module date" });
    this.moduleDates.set(mod, d);
    return 1;
  }

  nSetModule(module: unknown): number {
    const mod = String(module ?? "").toUpperCase();
    if (!isModule(mod)) fail("INVALID_MODULE", { module: mod });
    if (!this.companyCode) fail("COMPANY_NOT_SET");
    this.moduleCode = mod;
    return 1;
  }

  nLookupTask(name: unknown): number {
    const task = lookupTask(String(name ?? ""));
    if (!task) fail("TASK_NOT_FOUND", { task: String(name ?? "") });
    return task.id;
  }

  nSetProgram(taskId: unknown): number {
    if (!this.user) fail("USER_NOT_SET");
    if (!this.companyCode) fail("COMPANY_NOT_SET");
    const task = taskById(Number(taskId));
    if (!task) fail("TASK_NOT_FOUND", { task: String(taskId) });
    if (!userHasRight(this.user, task.name)) fail("NO_ACCESS");
    this.program = task;
    return 1;
  }

  /** Module name and date by reference (nGetModuleInfo(module, ByRef name, ByRef date)). */
  nGetModuleInfo(module: unknown, nameRef?: unknown, dateRef?: unknown): number {
    const mod = String(module ?? "").toUpperCase();
    if (!isModule(mod)) fail("INVALID_MODULE", { module: mod });
    const target = (ref: unknown, v: string) => {
      if (ref && typeof ref === "object") {
        const r = ref as { assign?: (x: unknown) => void; value?: unknown };
        if (typeof r.assign === "function") r.assign(v);
        else r.value = v;
      }
    };
    target(nameRef, mod);
    target(dateRef, this.moduleDateFor(mod));
    return 1;
  }

  /** Releases every record lock and batch held by this session's objects (their edits are abandoned). */
  nCleanup(): number {
    for (const child of this.children) {
      const c = child as unknown as { nClear?: () => number };
      if (typeof c.nClear === "function") c.nClear();
    }
    this.sim.locks.releaseSession(this.id);
    return 1;
  }

  get sCompanyCode(): string {
    return this.companyCode;
  }

  get sModuleCode(): string {
    return this.moduleCode;
  }

  get sModuleDate(): string {
    return this.moduleCode ? this.moduleDateFor(this.moduleCode) : "";
  }

  get sUserLogon(): string {
    return this.user?.logon ?? "";
  }

  get sUserKey(): string {
    return this.user?.key ?? "";
  }

  get nProgram(): number {
    return this.program?.id ?? 0;
  }
}
