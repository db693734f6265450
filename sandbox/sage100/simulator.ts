// The simulator instance: companies (store), users, clock, faults, locks, sessions, persistence and the read
// side. `createSage100Simulator()` is the one factory; a driver gets a "ProvideX.Script" from sim.createScript()
// (or sim.createObject("ProvideX.Script"), the CreateObject analogue) and drives it exactly like the COM object.
import { ControllableClock, sageDate, sageTime, type SimClock } from "./clock";
import type { ComBase } from "./boi/com-object";
import { comWrap } from "./boi/com-object";
import type { SessionHandle, SimCore } from "./boi/context";
import { ComError } from "./boi/errors";
import { LockManager } from "./boi/locks";
import { ProvideXScript } from "./boi/script";
import { defaultUsers, type SimUser } from "./boi/users";
import { FaultController, type SessionFailureMode } from "./faults";
import { fromUnits, toUnits } from "./money";
import { adjustQuantities } from "./objects/inventory";
import { runOdbcQuery, type OdbcQuery, type OdbcResult } from "./odbc/query";
import { runOdbcSql, type OdbcDialect } from "./odbc/sql";
import { StatePersistence, type PersistedState } from "./persistence";
import { DEFAULT_COMPANIES, seedCompany, templateOptions, type SeedTemplate } from "./seed";
import { Company, companyOptionsSchema, type CompanyOptions, type Stamp } from "./tables/company";
import { ALL_TABLES } from "./tables/layouts";
import { buildSchema, type Row, type TableSchema } from "./tables/schema";

export interface Sage100SimulatorOptions {
  /** JSON state file; omitted/null = memory only (tests). */
  stateFile?: string | null;
  /** Clock for audit stamps and default dates; a ControllableClock enables the admin clock endpoint. */
  clock?: SimClock;
  /** Debounce for state file writes (ms, default 250). */
  persistDebounceMs?: number;
  /** Concurrent BOI sessions allowed (default 5). */
  licenseSeats?: number;
  /** Extra exact paths accepted by ProvideX.Script.Init (any path ending in MAS90\Home is accepted anyway). */
  homePaths?: string[];
  /** Per-version field lengths, e.g. { "AR_Customer.CustomerName": 50 }. */
  fieldLengths?: Record<string, number>;
  /** Companies to seed when there is no state file (default ABC demo + XYZ divisions). */
  companies?: ReadonlyArray<{ code: string; name: string; template: SeedTemplate }>;
}

export interface CompanyInfo {
  code: string;
  name: string;
  divisionsEnabled: boolean;
  batchProcessing: CompanyOptions["batchProcessing"];
  currentFiscalYear: string;
  currentPeriod: string;
}

export interface SessionInfo {
  id: number;
  company: string;
  user: string;
  holdsSeat: boolean;
  killed: SessionFailureMode | null;
}

const HOME_PATH = /[\\/]MAS90[\\/]Home[\\/]?$/i;
export const DEFAULT_HOME_PATH = "C:\\Sage\\Sage 100 Advanced\\MAS90\\Home";

export class Sage100Simulator implements SimCore {
  readonly clock: SimClock;
  readonly faults: FaultController;
  readonly locks = new LockManager();
  readonly users = new Map<string, SimUser>();
  private readonly companies = new Map<string, Company>();
  private readonly schemas: Map<string, TableSchema>;
  private readonly sessions = new Set<SessionHandle & ComBase>();
  private readonly persistence: StatePersistence;
  private readonly seats: number;
  private readonly homePaths: string[];
  private idSeq = 0;

  constructor(options: Sage100SimulatorOptions = {}) {
    this.clock = options.clock ?? new ControllableClock();
    this.seats = options.licenseSeats ?? 5;
    this.homePaths = options.homePaths ?? [];
    this.schemas = new Map(ALL_TABLES.map((def) => [def.name, buildSchema(def, options.fieldLengths)] as const));
    this.faults = new FaultController((mode) => this.dropAllSessions(mode));
    this.persistence = new StatePersistence(options.stateFile ?? null, options.persistDebounceMs ?? 250, () =>
      this.snapshot(),
    );
    const loaded = this.persistence.load();
    if (loaded) this.restore(loaded);
    else {
      for (const u of defaultUsers()) this.users.set(u.logon, u);
      for (const c of options.companies ?? DEFAULT_COMPANIES) this.resetCompany(c.code, c.template, c.name);
      this.persistence.touch();
      this.persistence.flush();
    }
  }

  // --- SimCore -------------------------------------------------------------------------------------------------

  nextId(): number {
    return ++this.idSeq;
  }

  acceptsHomePath(path: string): boolean {
    return HOME_PATH.test(path.trim()) || this.homePaths.some((p) => p.toLowerCase() === path.trim().toLowerCase());
  }

  findUser(logon: string): SimUser | undefined {
    return this.users.get(logon.trim().toUpperCase());
  }

  getCompany(code: string): Company | undefined {
    return this.companies.get(code.trim().toUpperCase());
  }

  licenseSeats(): number {
    return this.faults.settings.licenseSeats ?? this.seats;
  }

  seatsInUse(): number {
    let n = 0;
    for (const s of this.sessions) if (s.holdsSeat && !s.released) n++;
    return n;
  }

  registerSession(session: SessionHandle): void {
    this.sessions.add(session as SessionHandle & ComBase);
  }

  unregisterSession(session: SessionHandle): void {
    this.sessions.delete(session as SessionHandle & ComBase);
  }

  stamp(userKey: string): Stamp {
    const now = this.clock.now();
    return { date: sageDate(now), time: sageTime(now), userKey };
  }

  // --- object model entry points ---------------------------------------------------------------------------

  /** A new ProvideX.Script instance (what `new winax.Object("ProvideX.Script")` gives on Windows). */
  createScript(): ProvideXScript {
    return comWrap(new ProvideXScript(this));
  }

  /** CreateObject(progId) analogue; only "ProvideX.Script" is registered. */
  createObject(progId: string): ProvideXScript {
    if (progId.toLowerCase() !== "providex.script") throw new ComError("COM_UNKNOWN_CLASS", { name: progId });
    return this.createScript();
  }

  // --- companies ------------------------------------------------------------------------------------------------

  company(code: string): Company {
    const c = this.getCompany(code);
    if (!c) throw new Error(`Company ${code} does not exist`);
    return c;
  }

  listCompanies(): CompanyInfo[] {
    return [...this.companies.values()].map((c) => ({
      code: c.code,
      name: c.name,
      divisionsEnabled: c.options.divisionsEnabled,
      batchProcessing: c.options.batchProcessing,
      currentFiscalYear: c.options.currentFiscalYear,
      currentPeriod: c.options.currentPeriod,
    }));
  }

  /** Creates or wipes a company and seeds it from a template (sessions on it are dropped). */
  resetCompany(code: string, template: SeedTemplate = "demo", name?: string): Company {
    const co = code.trim().toUpperCase();
    if (!/^[A-Z0-9]{3}$/.test(co)) throw new Error("Company codes are 3 letters/digits");
    for (const s of [...this.sessions]) {
      const sc = (s as unknown as { sCompanyCode?: string }).sCompanyCode;
      if (sc === co) {
        s.releaseResources();
        s.released = true;
      }
    }
    const existing = this.companies.get(co);
    const company = new Company(
      co,
      name ?? existing?.name ?? `Company ${co}`,
      templateOptions(template),
      this.schemas,
      () => this.persistence.markDirty(),
    );
    this.companies.set(co, company);
    seedCompany(company, template);
    this.persistence.markDirty();
    return company;
  }

  deleteCompany(code: string): boolean {
    const removed = this.companies.delete(code.trim().toUpperCase());
    if (removed) this.persistence.markDirty();
    return removed;
  }

  updateOptions(code: string, patch: Partial<CompanyOptions>): CompanyOptions {
    const c = this.company(code);
    c.options = companyOptionsSchema.parse({
      ...c.options,
      ...patch,
      batchProcessing: { ...c.options.batchProcessing, ...(patch.batchProcessing ?? {}) },
    });
    this.persistence.markDirty();
    return c.options;
  }

  /** A Sage user's inventory adjustment (IM transaction), for demos/tests of quantity change polling. */
  adjustInventory(code: string, itemCode: string, warehouseCode: string, quantityDelta: number): Row {
    const c = this.company(code);
    const item = c.t("CI_Item").get([itemCode.toUpperCase()]);
    if (!item || item.ItemType !== "1") throw new Error(`Item ${itemCode} is not a regular inventory item`);
    if (!c.t("IM_Warehouse").has([warehouseCode.toUpperCase()]))
      throw new Error(`Warehouse ${warehouseCode} does not exist`);
    const delta = fromUnits(toUnits(quantityDelta, 6), 6);
    adjustQuantities(
      c,
      itemCode.toUpperCase(),
      warehouseCode.toUpperCase(),
      { QuantityOnHand: delta },
      this.stamp("0000000001"),
    );
    return { ...(c.t("IM_ItemWarehouse").get([itemCode.toUpperCase(), warehouseCode.toUpperCase()]) ?? {}) };
  }

  // --- sessions -------------------------------------------------------------------------------------------------

  sessionInfo(): SessionInfo[] {
    return [...this.sessions].map((s) => {
      const x = s as unknown as { sCompanyCode: string; sUserLogon: string };
      return { id: s.id, company: x.sCompanyCode, user: x.sUserLogon, holdsSeat: s.holdsSeat, killed: s.killed };
    });
  }

  /** Kills every open session: "dead" (calls return 0, empty message) or "exception" (calls throw). */
  dropAllSessions(mode: SessionFailureMode): number {
    let n = 0;
    for (const s of this.sessions) {
      if (s.released || s.killed) continue;
      s.kill(mode);
      this.locks.releaseSession(s.id);
      n++;
    }
    return n;
  }

  // --- read side ------------------------------------------------------------------------------------------------

  /** ODBC-style structured query (read-only). */
  query(companyCode: string, q: OdbcQuery): OdbcResult {
    this.faults.onOdbc();
    return runOdbcQuery(this, companyCode, q);
  }

  /** ODBC-style SQL (SELECT subset of the ProvideX dialects). */
  sql(
    companyCode: string,
    statement: string,
    params: ReadonlyArray<string | number> = [],
    dialect: OdbcDialect = "providex4",
  ): OdbcResult {
    this.faults.onOdbc();
    return runOdbcSql(this, companyCode, statement, params, dialect);
  }

  /** Raw table dump (BOI formats: dates "YYYYMMDD") for tests, the demo and "see it in Sage 100". */
  inspect(
    companyCode: string,
    tables?: readonly string[],
  ): { company: string; options: CompanyOptions; counters: Record<string, number>; tables: Record<string, Row[]> } {
    const c = this.company(companyCode);
    const names = tables?.length ? tables : c.tableNames();
    const out: Record<string, Row[]> = {};
    for (const n of names) {
      const t = c.findTable(n);
      if (!t) throw new Error(`Table ${n} does not exist`);
      out[t.name] = t.sorted().map((r) => ({ ...r }));
    }
    return { company: c.code, options: c.options, counters: { ...c.counters }, tables: out };
  }

  tableSchemas(): TableSchema[] {
    return [...this.schemas.values()];
  }

  // --- persistence ----------------------------------------------------------------------------------------------

  private snapshot(): PersistedState {
    return {
      version: 1,
      savedAt: this.clock.now().toISOString(),
      users: [...this.users.values()],
      companies: [...this.companies.values()].map((c) => c.toData()),
    };
  }

  private restore(state: PersistedState): void {
    for (const u of state.users.length ? state.users : defaultUsers()) this.users.set(u.logon, u);
    for (const data of state.companies) {
      const c = new Company(data.code, data.name, companyOptionsSchema.parse(data.options), this.schemas, () =>
        this.persistence.markDirty(),
      );
      c.loadData(data);
      this.companies.set(data.code, c);
    }
  }

  /** Writes pending changes to the state file now. */
  flush(): void {
    this.persistence.flush();
  }

  /** Flushes and drops every session. */
  close(): void {
    for (const s of [...this.sessions]) {
      s.releaseResources();
      s.released = true;
    }
    this.persistence.flush();
  }

  get stateFile(): string | null {
    return this.persistence.file;
  }
}

export function createSage100Simulator(options: Sage100SimulatorOptions = {}): Sage100Simulator {
  return new Sage100Simulator(options);
}
