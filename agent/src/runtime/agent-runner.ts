// The `run` loop: long-poll for commands and execute them one at a time, heartbeat, and push change batches — all
// over outbound HTTP(S). Pausing (locally or from the company page) closes every Sage session; stop() finishes
// the command in hand, reports it, and returns.
import { ChangePoller } from "../changes/change-poller";
import { executeCommand } from "../commands/execute-command";
import type { Sage100Driver } from "../drivers/types";
import {
  CHANGE_TABLES,
  type ChangeTable,
  type CommandOutcome,
  type HeartbeatRequest,
  type LeasedCommand,
} from "../protocol";
import { AGENT_VERSION } from "../version";
import { ServerError, type ServerClient } from "./server-client";
import type { StateStore } from "./state-store";

/** Stock levels are promised to KashFlow within seconds of Sage having them. */
export const DEFAULT_TABLE_INTERVALS_MS: Partial<Record<ChangeTable, number>> = { IM_ItemWarehouse: 5_000 };

/** Commands taken per lease request by default, and results sent back at once (each its own request). */
export const LEASE_BATCH = 10;
const MAX_REPORTS_IN_FLIGHT = 16;

export type AgentLog = (level: "info" | "warn" | "error", message: string) => void;

export type AgentRunnerOptions = {
  client: ServerClient;
  driver: Sage100Driver;
  state: StateStore;
  hostname: string;
  heartbeatIntervalMs?: number;
  /** 0 turns change detection off. */
  changesIntervalMs?: number;
  /**
   * Tables polled on their own, shorter interval (stock levels should reach KashFlow within seconds, not at the
   * next 30-second sweep). Each is a key-ordered read filtered on today's DateUpdated. Default: IM_ItemWarehouse 5 s.
   */
  tableIntervalsMs?: Partial<Record<ChangeTable, number>>;
  leaseWaitMs?: number;
  leaseMs?: number;
  /** Commands taken per lease request (the protocol allows up to 10); they still run one at a time, in order. */
  leaseBatch?: number;
  log?: AgentLog;
};

type RunState = HeartbeatRequest["state"];

export class AgentRunner {
  private runState: RunState = "starting";
  private readonly stopController = new AbortController();
  private remotePaused = false;
  private drained = false;
  private lastError: { message: string; at: string } | null = null;
  private readonly startedAt = new Date().toISOString();
  private stopReason: string | null = null;
  private readonly poller: ChangePoller;
  private readonly log: AgentLog;
  private loops: Promise<void>[] = [];
  /** Results on their way to the server. */
  private readonly reports = new Set<Promise<void>>();
  commandsExecuted = 0;

  constructor(private readonly options: AgentRunnerOptions) {
    this.log =
      options.log ?? ((level, message) => console[level === "info" ? "log" : level](`[ledgerlink-agent] ${message}`));
    this.poller = new ChangePoller({
      odbc: options.driver.odbc,
      state: options.state,
      send: async (batch) => void (await options.client.changes(batch)),
    });
  }

  get status() {
    return {
      state: this.runState,
      paused: this.isPaused(),
      lastError: this.lastError,
      stopReason: this.stopReason,
      commandsExecuted: this.commandsExecuted,
    };
  }

  private get stopping(): boolean {
    return this.stopController.signal.aborted;
  }

  private isPaused(): boolean {
    return this.remotePaused || this.options.state.isPausedLocally() !== null;
  }

  /** Runs until stop() or a fatal refusal (revoked token); resolves with the reason. */
  async run(): Promise<string> {
    this.log(
      "info",
      `agent ${AGENT_VERSION} starting: driver ${this.options.driver.name}, Sage company ${this.options.driver.company}`,
    );
    await this.heartbeat();
    if (!this.stopping) this.runState = "running";
    this.loops = [this.heartbeatLoop(), this.commandLoop(), ...this.changeLoops()];
    await Promise.all(this.loops);
    await this.heartbeat().catch(() => undefined);
    return this.stopReason ?? "stopped";
  }

  async stop(reason = "stopped"): Promise<void> {
    if (this.stopping) return;
    this.stopReason ??= reason;
    this.runState = "stopping";
    this.stopController.abort();
    await Promise.all(this.loops);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.stopController.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  private fail(context: string, error: unknown): number {
    const message = error instanceof Error ? error.message : String(error);
    this.lastError = { message: `${context}: ${message}`.slice(0, 1000), at: new Date().toISOString() };
    if (error instanceof ServerError && error.fatal) {
      this.log("error", `${context}: ${message} — stopping.`);
      void this.stop(message);
      return 0;
    }
    if (!(error instanceof Error && error.name === "AbortError") && !this.stopping)
      this.log("warn", `${context}: ${message}`);
    return error instanceof ServerError && error.retryAfterMs ? error.retryAfterMs : 0;
  }

  private async heartbeat(): Promise<void> {
    const { driver, client, hostname } = this.options;
    try {
      const response = await client.heartbeat({
        hostname,
        agentVersion: AGENT_VERSION,
        driver: driver.name,
        sageCompany: driver.company,
        state: this.isPaused() && this.runState === "running" ? "paused" : this.runState,
        lastError: this.lastError,
        sessions: driver.sessionStats(),
        startedAt: this.startedAt,
      });
      if (response.paused !== this.remotePaused)
        this.log("info", response.paused ? "paused from Ledgerlink" : "resumed from Ledgerlink");
      this.remotePaused = response.paused;
    } catch (error) {
      this.fail("heartbeat", error);
    }
  }

  private async heartbeatLoop(): Promise<void> {
    while (!this.stopping) {
      await this.sleep(this.options.heartbeatIntervalMs ?? 15_000);
      if (!this.stopping) await this.heartbeat();
    }
  }

  /** Period-end needs every Sage user out: close sessions while paused, reopen on demand after. */
  private async applyPause(): Promise<boolean> {
    const paused = this.isPaused();
    if (paused && !this.drained) {
      this.log("info", "paused: closing Sage 100 sessions");
      await this.options.driver.drain();
      this.drained = true;
      void this.heartbeat();
    } else if (!paused && this.drained) {
      this.log("info", "resumed");
      this.options.driver.resume();
      this.drained = false;
      void this.heartbeat();
    }
    return paused;
  }

  private async commandLoop(): Promise<void> {
    let backoff = 1_000;
    // Until a lease answer arrives this process holds nothing: leases a crashed predecessor left are released at once.
    let releaseHeld = true;
    while (!this.stopping) {
      if (await this.applyPause()) {
        await this.sleep(1_000);
        continue;
      }
      try {
        const { commands, paused } = await this.options.client.lease(
          {
            max: this.options.leaseBatch ?? LEASE_BATCH,
            waitMs: this.options.leaseWaitMs ?? 20_000,
            leaseMs: this.options.leaseMs ?? 120_000,
            releaseHeld,
          },
          this.stopController.signal,
        );
        releaseHeld = false;
        this.remotePaused = paused;
        backoff = 1_000;
        await this.executeBatch(commands);
      } catch (error) {
        const wait = this.fail("lease", error);
        await this.sleep(Math.max(wait, backoff));
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
    await Promise.all(this.reports);
  }

  /**
   * A leased batch, in order. A result is reported only once what its command wrote is durable: with Sage 100 that is
   * at once (each goes back while the next command runs); a driver with a commit step (the simulator) writes once
   * after the batch, then reports the batch. A failed commit reports nothing: the leases run out and the server
   * sends the commands again, which find what they wrote.
   */
  private async executeBatch(commands: readonly LeasedCommand[]): Promise<void> {
    const { driver } = this.options;
    if (!driver.commit) {
      for (const command of commands) await this.send(command, await this.execute(command));
      return;
    }
    const done: [LeasedCommand, CommandOutcome][] = [];
    for (const command of commands) done.push([command, await this.execute(command)]);
    try {
      await driver.commit();
    } catch (error) {
      this.fail("saving Sage 100's data", error);
      return;
    }
    for (const [command, outcome] of done) await this.send(command, outcome);
  }

  private async execute(command: LeasedCommand): Promise<CommandOutcome> {
    this.log("info", `command ${command.id} ${command.type} (attempt ${command.attempt})`);
    const outcome = await executeCommand(this.options.driver, command);
    this.commandsExecuted++;
    if (outcome.status === "failed")
      this.log("warn", `command ${command.id} failed: ${outcome.error.code} ${outcome.error.message}`);
    return outcome;
  }

  /** The result goes back while the next command runs: Sage is never idle waiting on the server's answer. */
  private async send(command: LeasedCommand, outcome: CommandOutcome): Promise<void> {
    const sending: Promise<void> = this.report(command, outcome).finally(() => this.reports.delete(sending));
    this.reports.add(sending);
    if (this.reports.size >= MAX_REPORTS_IN_FLIGHT) await Promise.race(this.reports);
  }

  /** Results are retried for a while; if they never arrive the lease expires and the command is re-sent (idempotent). */
  private async report(command: LeasedCommand, outcome: CommandOutcome): Promise<void> {
    for (let attempt = 0, wait = 500; attempt < 6; attempt++, wait *= 2) {
      try {
        await this.options.client.result(command.id, outcome);
        return;
      } catch (error) {
        const retryAfter = this.fail(`result of ${command.id}`, error);
        if (error instanceof ServerError && error.status >= 400 && error.status < 500 && error.status !== 429) return;
        if (this.stopping) return;
        await this.sleep(Math.max(retryAfter, wait));
      }
    }
  }

  /** One loop per polling interval: the tables with an interval of their own, and every other table together. */
  private changeLoops(): Promise<void>[] {
    const interval = this.options.changesIntervalMs ?? 30_000;
    if (interval <= 0) return [];
    const own = Object.entries(this.options.tableIntervalsMs ?? DEFAULT_TABLE_INTERVALS_MS).filter(
      (e): e is [ChangeTable, number] => typeof e[1] === "number" && e[1] > 0 && e[1] < interval,
    );
    const fast = new Set(own.map(([table]) => table));
    const byInterval = new Map<number, ChangeTable[]>([[interval, CHANGE_TABLES.filter((t) => !fast.has(t))]]);
    for (const [table, ms] of own) byInterval.set(ms, [...(byInterval.get(ms) ?? []), table]);
    return [...byInterval]
      .filter(([, tables]) => tables.length > 0)
      .map(([ms, tables]) => this.changesLoop(tables, ms));
  }

  private async changesLoop(tables: readonly ChangeTable[], interval: number): Promise<void> {
    while (!this.stopping) {
      if (!this.isPaused()) {
        try {
          let n = 0;
          for (const table of tables) n += await this.poller.pollTable(table);
          if (n > 0) this.log("info", `pushed ${n} changed row(s)`);
        } catch (error) {
          this.fail("change poll", error);
        }
      }
      await this.sleep(interval);
    }
  }

  /** One poll of every watched table now (tests, `run --once`). */
  pollChangesNow(): Promise<number> {
    return this.poller.pollAll();
  }
}
