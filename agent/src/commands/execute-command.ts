// Runs one leased command through the driver and answers with a protocol outcome. Every failure becomes a
// normalised error; nothing thrown escapes.
import type { Sage100Driver } from "../drivers/types";
import { normaliseError } from "../errors/normalise";
import { AGENT_VERSION } from "../version";
import {
  commandSchema,
  type Command,
  type CommandOutcome,
  type CommandType,
  type LeasedCommand,
  type PayloadOf,
  type ResultOf,
} from "../protocol";
import type { CommandContext } from "./context";
import { createApInvoice } from "./create-ap-invoice";
import { createApManualCheck } from "./create-ap-manual-check";
import { checkPostingDate } from "./check-posting-date";
import { createArInvoice } from "./create-ar-invoice";
import { createArInvoiceBatches } from "./create-ar-invoice-batches";
import { createArInvoices } from "./create-ar-invoices";
import { createCashReceipt } from "./create-cash-receipt";
import { createGlJournal } from "./create-gl-journal";
import { deleteArInvoice } from "./delete-ar-invoice";
import { findDocument } from "./find-document";
import { ping } from "./ping";
import { postBatch } from "./post-batch";
import { postBatches } from "./post-batches";
import { readChanges } from "./read-changes";
import { readInvoicePayments } from "./read-invoice-payments";
import { readReferenceLists } from "./read-reference-lists";
import { upsertCustomer } from "./upsert-customer";
import { upsertItem } from "./upsert-item";
import { upsertVendor } from "./upsert-vendor";

type Handler<T extends CommandType> = (ctx: CommandContext, payload: PayloadOf<T>) => Promise<ResultOf<T>>;

const HANDLERS: { [T in CommandType]: Handler<T> } = {
  ping,
  upsertCustomer,
  upsertVendor,
  upsertItem,
  createArInvoice,
  createCashReceipt,
  createApInvoice,
  createApManualCheck,
  createGlJournal,
  findDocument,
  readChanges,
  postBatch,
  readInvoicePayments,
  deleteArInvoice,
  checkPostingDate,
  createArInvoices,
  createArInvoiceBatches,
  postBatches,
  readReferenceLists,
};

/** Reads go through ODBC only: no BOI session, so no Sage licence is taken for them. */
const ODBC_ONLY = new Set<CommandType>(["findDocument", "readChanges", "readInvoicePayments", "readReferenceLists"]);

function todayYmd(now: Date): string {
  return now.toISOString().slice(0, 10).replaceAll("-", "");
}

export async function runCommand(
  driver: Sage100Driver,
  command: Command,
  options: { attempt?: number; now?: Date; warnings?: string[] } = {},
): Promise<Record<string, unknown>> {
  const base = {
    odbc: driver.odbc,
    warnings: options.warnings ?? [],
    attempt: options.attempt ?? 1,
    driverName: driver.name,
    today: todayYmd(options.now ?? new Date()),
  };
  const handler = HANDLERS[command.type] as Handler<CommandType>;
  if (ODBC_ONLY.has(command.type)) return handler({ ...base, handle: null as never }, command.payload);
  return driver.withSession((handle) => handler({ ...base, handle }, command.payload));
}

export async function executeCommand(
  driver: Sage100Driver,
  leased: Pick<LeasedCommand, "type" | "payload" | "attempt">,
): Promise<CommandOutcome> {
  const started = Date.now();
  const warnings: string[] = [];
  if (!(leased.type in HANDLERS)) {
    const message = `This agent (version ${AGENT_VERSION}) does not know the command "${leased.type}": update the Ledgerlink agent on the Sage 100 server.`;
    return {
      status: "failed",
      error: { code: "UNSUPPORTED", message, retryClass: "NEEDS_USER" },
      durationMs: Date.now() - started,
    };
  }
  try {
    const command = commandSchema.parse({ type: leased.type, payload: leased.payload });
    const result = await runCommand(driver, command, { attempt: leased.attempt, warnings });
    return { status: "done", result, warnings: warnings.slice(0, 50), durationMs: Date.now() - started };
  } catch (error) {
    return { status: "failed", error: normaliseError(error), durationMs: Date.now() - started };
  }
}
