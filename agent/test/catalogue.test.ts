// The error catalogue stays in step with what Sage says: every simulator message a document can hit is classified
// (no INTERNAL), and each class carries the right retry class.
import { describe, expect, it } from "vitest";
import { formatMessage, MESSAGES, type MessageCode } from "../../sandbox/sage100";
import { BoiFailure, SessionLostError } from "../src/drivers/boi-failure";
import { classifySageMessage, normaliseError } from "../src/errors/normalise";

const PARAMS = {
  check: "KF5123",
  bank: "A",
  column: "TermsCode",
  description: "Customer Name",
  length: 30,
  value: "X1",
  table: "AR_Customer",
  expected: "TermsCode$",
  scale: 2,
  values: "A, I",
  what: "Invoice",
  reason: "busy",
  object: "AR_Customer_svc",
  division: "00",
  customer: "ACME",
  vendor: "POWERCO",
  item: "WIDGET-100",
  type: "1",
  module: "A/R Invoice Data Entry",
  account: "6400-00",
  mask: "9999-99",
  invoice: "0000101",
  batch: "00001",
  entry: "000001",
  journal: "GJ",
  deposit: "00001",
  expected2: "1.00",
  actual: "2.00",
  order: "0000001",
  date: "20250115",
  year: "2025",
  period: "01",
  selected: "00002",
  destination: "X",
  document: "invoice 1",
  company: "ABC",
  seats: 5,
  task: "X_ui",
  path: "C:\\",
  method: "Init",
  name: "X_bus",
  member: "nFoo",
};

// Messages that never reach command logic: ODBC errors (thrown by the reader), COM exceptions (thrown, handled as
// session failures), and internal plumbing a correct driver never triggers.
const NOT_DOCUMENT_ERRORS = new Set<string>([
  "INVALID_COLUMN",
  "COLUMN_TYPE",
  "READ_ONLY_COLUMN",
  "KEY_COLUMN_IN_EDIT",
  "NO_RECORD_IN_EDIT",
  "READ_ONLY_OBJECT",
  "NOTHING_TO_DELETE",
  "DELETE_NOT_ALLOWED",
  "RECORD_EXISTS",
  "GL_ACCOUNT_HAS_ACTIVITY",
  "ORDER_NOT_OPEN",
  "ORDER_ON_HOLD",
  "ORDER_IN_USE",
  "OVER_SHIPPED",
  "ADJUST_NOT_SUPPORTED",
  "DUPLICATE_CUSTOMER_PO",
  "CUSTOMER_CREDIT_HOLD",
  "INVALID_DESTINATION",
  "POSTING_FAILED",
  "NO_UNIFIED_LOGIN",
  "USER_NOT_SET",
  "COMPANY_NOT_SET",
  "INVALID_MODULE",
  "TASK_NOT_FOUND",
  "INVALID_FLAG",
]);

describe("catalogue", () => {
  const codes = (Object.keys(MESSAGES) as MessageCode[]).filter(
    (c) => !c.startsWith("COM_") && !c.startsWith("ODBC_") && !NOT_DOCUMENT_ERRORS.has(c),
  );
  it.each(codes)("classifies %s", (code) => {
    const text = formatMessage(code, PARAMS).text;
    const hit = classifySageMessage(text);
    expect(hit, text).not.toBeNull();
    expect(hit!.error.message).not.toContain("{");
  });

  it("retry classes: waiting helps for locks, batches, licences and period-end; a person is needed for data", () => {
    const retry = (code: MessageCode) => classifySageMessage(formatMessage(code, PARAMS).text)?.error.retryClass;
    expect([retry("RECORD_LOCKED"), retry("BATCH_IN_USE"), retry("NO_LICENSE"), retry("EXCLUSIVE_MODE")]).toEqual([
      "TRANSIENT",
      "TRANSIENT",
      "TRANSIENT",
      "TRANSIENT",
    ]);
    expect([
      retry("CUSTOMER_NOT_ON_FILE"),
      retry("PERIOD_CLOSED"),
      retry("GL_ACCOUNT_INACTIVE"),
      retry("CHAR_LENGTH"),
      retry("JOURNAL_OUT_OF_BALANCE"),
    ]).toEqual(Array(5).fill("NEEDS_USER"));
  });

  it("an unknown Sage text is kept verbatim and treated as a bug; a COM failure as a dead session", () => {
    expect(normaliseError(new BoiFailure("Something new and strange", { sageCode: "XX_New", field: "name" }))).toEqual({
      code: "INTERNAL",
      retryClass: "BUG",
      message: "Sage 100 refused it: Something new and strange",
      sageMessage: "Something new and strange",
      sageCode: "XX_New",
      field: "name",
    });
    expect(
      normaliseError(new SessionLostError("x", { cause: new Error("The remote procedure call failed.") })),
    ).toMatchObject({
      code: "SESSION_DEAD",
      retryClass: "TRANSIENT",
      sageMessage: "The remote procedure call failed.",
    });
  });
});

describe("COM binding", () => {
  it("is Windows-only and says so", async () => {
    const { createComScript } = await import("../src/drivers/boi/com-binding");
    if (process.platform !== "win32")
      expect(() => createComScript()).toThrow("The boi driver needs Windows (COM). Use --driver simulator elsewhere.");
    else expect(typeof createComScript).toBe("function");
  });
});
