// Wake-ups across app instances through Postgres LISTEN/NOTIFY: enqueueing a command NOTIFYs one shared channel with
// the company id, and every process that has a long poll waiting keeps one dedicated connection LISTENing on it and
// wakes its own waiters for that company. While that connection is down, waiters are told so (wakeEveryone) and the
// queue falls back to re-reading the table every second; a reconnect wakes everyone again for what it may have missed.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";
import { db } from "@/server/db";
import { notifyEnqueued, wakeEveryone } from "./command-events";

export const COMMANDS_CHANNEL = "ledgerlink_sage100_commands";
const PROBE_TIMEOUT_MS = 5_000;

type Listener = {
  /** This process: its own notices are already delivered by the in-process emitter. */
  origin: string;
  /** The connection being opened or listening. */
  client: pg.Client | null;
  connected: boolean;
  starting: boolean;
  stopped: boolean;
  retryMs: number;
  retryTimer: NodeJS.Timeout | null;
  warned: boolean;
};

// Next.js may load this module once per route bundle: one listener per process, kept on globalThis.
const holder = globalThis as unknown as { ledgerlinkCommandWakeups?: Listener };
const state = (holder.ledgerlinkCommandWakeups ??= {
  origin: randomUUID(),
  client: null,
  connected: false,
  starting: false,
  stopped: false,
  retryMs: 1_000,
  retryTimer: null,
  warned: false,
});

/** Tells waiters here at once and waiters in other instances through Postgres. Never throws: the command is queued. */
export async function announceEnqueued(companyId: string): Promise<void> {
  notifyEnqueued(companyId);
  try {
    await db.$executeRaw`SELECT pg_notify(${COMMANDS_CHANNEL}, ${`${companyId} ${state.origin}`})`;
  } catch (error) {
    // Other instances' waiting polls still find it when their wait ends (at most one long poll later).
    console.warn(
      `[sage100] could not announce a queued command to other instances: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Starts listening (once per process); true when notices from other instances will arrive. */
export function listeningForWakeups(): boolean {
  if (!state.connected && !state.starting && !state.retryTimer && !state.stopped) void connect();
  return state.connected;
}

/** The Postgres backend of the listening connection (tests drop it to check the fallback). */
export function wakeupsBackendPid(): number | null {
  return state.connected ? ((state.client as unknown as { processID?: number } | null)?.processID ?? null) : null;
}

/** Closes the listening connection (tests, scripts); a later long poll starts it again. */
export async function stopListeningForWakeups(): Promise<void> {
  state.stopped = true;
  if (state.retryTimer) clearTimeout(state.retryTimer);
  state.retryTimer = null;
  const client = state.client;
  state.client = null;
  state.connected = false;
  await client?.end().catch(() => undefined);
  state.stopped = false;
}

async function connect(): Promise<void> {
  state.starting = true;
  const client = new pg.Client({
    connectionString: env().DATABASE_URL,
    keepAlive: true,
    application_name: "ledgerlink-command-wakeups",
  });
  state.client = client;
  const probe = `probe:${randomUUID()}`;
  let probed: () => void = () => undefined;
  const probeArrived = new Promise<void>((resolve) => (probed = resolve));
  client.on("notification", (message) => {
    if (message.channel !== COMMANDS_CHANNEL || !message.payload) return;
    if (message.payload === probe) return probed();
    if (message.payload.startsWith("probe:")) return; // another instance checking its own connection
    const [companyId, origin] = message.payload.split(" ");
    if (companyId && origin !== state.origin) notifyEnqueued(companyId);
  });
  client.on("error", (error) => lost(client, error));
  client.on("end", () => lost(client, null));
  try {
    await client.connect();
    // An idle listener must not keep a script or test process alive.
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    await client.query(`LISTEN ${COMMANDS_CHANNEL}`);
    // Only trust the channel once a notice went round (a transaction-mode pooler accepts LISTEN but delivers nothing).
    await client.query("SELECT pg_notify($1, $2)", [COMMANDS_CHANNEL, probe]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">(
      (resolve) => (timer = setTimeout(() => resolve("timeout"), PROBE_TIMEOUT_MS)),
    );
    const outcome = await Promise.race([probeArrived, timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout")
      throw new Error("LISTEN/NOTIFY does not deliver on this connection (a transaction-mode pooler?)");
    if (state.client !== client) return;
    state.connected = true;
    state.retryMs = 1_000;
    if (state.warned) console.log("[sage100] command wake-ups: listening again");
    state.warned = false;
    // Anything enqueued elsewhere while we were not listening: every waiter looks again.
    wakeEveryone();
  } catch (error) {
    lost(client, error);
  } finally {
    state.starting = false;
  }
}

function lost(client: pg.Client, error: unknown): void {
  if (state.client !== client) return;
  const wasConnected = state.connected;
  state.client = null;
  state.connected = false;
  client.end().catch(() => undefined);
  if (state.stopped) return;
  if (!state.warned)
    console.warn(
      `[sage100] command wake-ups: not listening (${error instanceof Error ? error.message : "connection closed"}); waiting polls re-read the queue every second meanwhile`,
    );
  state.warned = true;
  // Waiters that counted on being told fall back to re-reading the table.
  if (wasConnected) wakeEveryone();
  if (state.retryTimer) return;
  state.retryTimer = setTimeout(() => {
    state.retryTimer = null;
    if (!state.stopped) void connect();
  }, state.retryMs);
  state.retryTimer.unref();
  state.retryMs = Math.min(state.retryMs * 2, 30_000);
}
