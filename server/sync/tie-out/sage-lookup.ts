// Asking Sage 100 itself what it holds for a document (findDocument through the agent, read over ODBC: no
// licence, no lock). Used where the ledger has no reliable figure, and for "Check against Sage 100 now".
import { randomUUID } from "node:crypto";
import type { CommandInput } from "@/agent/src/protocol";
import { AppError } from "@/lib/errors";
import { currencyExponent, decimalToMinor, toDecimal } from "@/server/domain/canonical/money";
import type { Sage100Gateway } from "../gateways/sage100";

type Command = { type: string; payload: Record<string, unknown> };
type FindPayload = Extract<CommandInput, { type: "findDocument" }>["payload"];

const str = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** The findDocument for the document a write command made; null for kinds Sage cannot be asked about per document. */
export function findPayloadFor(command: Command): FindPayload | null {
  const p = command.payload;
  switch (command.type) {
    case "createArInvoice":
      return {
        kind: "arInvoice",
        invoiceNo: str(p.invoiceNo),
        invoiceType: (str(p.invoiceType) || "IN") as "IN" | "CM" | "DM",
      };
    case "createApInvoice":
      return {
        kind: "apInvoice",
        division: str(p.division) || "00",
        vendorNo: str(p.vendorNo),
        invoiceNo: str(p.invoiceNo),
      };
    case "createCashReceipt":
      return {
        kind: "cashReceipt",
        division: str(p.division) || "00",
        customerNo: str(p.customerNo),
        checkNo: str(p.checkNo),
      };
    case "createApManualCheck":
      return { kind: "apManualCheck", bankCode: str(p.bankCode), checkNo: str(p.checkNo) };
    default:
      return null;
  }
}

const num = (v: unknown): string => toDecimal(typeof v === "number" || typeof v === "string" ? v : 0) ?? "0";

/** The document's total as Sage 100 shows it, signed like KashFlow's (credit memos negative), in minor units. */
export function sageTotalOf(find: FindPayload, record: Record<string, unknown>, currency: string): number | null {
  const e = currencyExponent(currency);
  const minor = (v: unknown) => decimalToMinor(num(v), e);
  switch (find.kind) {
    case "arInvoice": {
      const total =
        minor(record.TaxableSalesAmt) +
        minor(record.NonTaxableSalesAmt) +
        minor(record.SalesTaxAmt) +
        minor(record.FreightAmt);
      return str(record.InvoiceType || find.invoiceType) === "CM" ? -total : total;
    }
    case "apInvoice":
      return minor(record.InvoiceAmt);
    case "cashReceipt":
      // In data entry the header carries the amount; once posted only per-invoice history lines remain.
      return record.PostingAmt !== undefined ? minor(record.PostingAmt) : null;
    case "apManualCheck":
      // The check's amount, in data entry and in check history alike.
      return record.CheckAmt !== undefined ? minor(record.CheckAmt) : null;
    default:
      return null;
  }
}

export type SageLookup = { found: false } | { found: true; minor: number | null; state: string | null };

export async function lookUpInSage(
  gateway: Sage100Gateway,
  command: Command,
  currency: string,
  timeoutMs: number,
): Promise<SageLookup | null> {
  const find = findPayloadFor(command);
  if (!find) return null;
  // A fresh key each time: a lookup is a question about now, never an answer remembered from before.
  const result = await gateway.execute(
    { type: "findDocument", payload: find },
    { key: `findDocument:tieout:${randomUUID()}`, timeoutMs, retryInLedger: true },
  );
  if (!result.found || !result.record) return { found: false };
  return { found: true, minor: sageTotalOf(find, result.record, currency), state: result.state ?? null };
}

export const isAgentUnavailable = (error: unknown) => error instanceof AppError && error.retryClass === "TRANSIENT";
