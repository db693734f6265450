// Tolerance of the payload schemas to the variations spec §3/§10 reports.
import { describe, expect, it } from "vitest";
import { kfDateTime } from "../schemas/common";
import { nominalSchema } from "../schemas/nominal";
import { paymentMethodSchema, nextNumberSchema, vatRateSchema } from "../schemas/reference";
import { supplierSchema } from "../schemas/supplier";
import { customerSchema } from "../schemas/customer";
import { invoiceSchema } from "../schemas/document";
import { readEnvelope } from "../paging";

describe("KashFlow payload schemas", () => {
  it("dates with a space, a T, an offset, date-only; never-sentinels become null", () => {
    expect(kfDateTime.parse("2025-11-10 12:00:00")).toBe("2025-11-10T12:00:00");
    expect(kfDateTime.parse("2025-11-10T09:30:15.123")).toBe("2025-11-10T09:30:15");
    expect(kfDateTime.parse("2025-11-10 12:00:00 +05:30")).toBe("2025-11-10T12:00:00+05:30");
    expect(kfDateTime.parse("2025-11-10T12:00:00Z")).toBe("2025-11-10T12:00:00Z");
    expect(kfDateTime.parse("2017-05-02")).toBe("2017-05-02T12:00:00");
    expect(kfDateTime.parse("1900-01-01 12:00:00")).toBeNull();
    expect(kfDateTime.parse("1970-01-01 12:00:00")).toBeNull();
    expect(kfDateTime.safeParse("10/11/2025").success).toBe(false);
  });

  it("nominal Type as a number or a string", () => {
    expect(nominalSchema.parse({ Code: 4000, Type: 1 }).Type).toBe("1");
    expect(nominalSchema.parse({ Code: "4000", Type: "Sales" })).toMatchObject({ Code: 4000, Type: "Sales" });
  });

  it("VATNumber and VatNumber, Firstname and FirstName, any property case", () => {
    expect(supplierSchema.parse({ Code: "S1", VatNumber: "GB1" }).VATNumber).toBe("GB1");
    expect(customerSchema.parse({ code: "C1", vatnumber: "GB2", Contacts: [{ Firstname: "Ann" }] })).toMatchObject({
      Code: "C1",
      VATNumber: "GB2",
      Contacts: [{ FirstName: "Ann" }],
    });
  });

  it("money as a number or a (formatted) string; unknown fields ignored; missing optional fields allowed", () => {
    const inv = invoiceSchema.parse({
      Number: "7",
      GrossAmount: "1,200.50",
      NetAmount: 1000.5,
      Surprise: { x: 1 },
      LineItems: null,
    });
    expect(inv).toMatchObject({ Number: 7, GrossAmount: "1200.5", NetAmount: "1000.5", LineItems: null });
    expect("Surprise" in inv).toBe(false);
    expect(invoiceSchema.safeParse({ Number: 7, GrossAmount: "twelve" }).success).toBe(false);
  });

  it("payment methods as {Id, Name} or SOAP's {MethodID, MethodName}; VAT rates; next number bare or wrapped", () => {
    expect(paymentMethodSchema.parse({ MethodID: 5, MethodName: "BACS" })).toEqual({ Id: 5, Name: "BACS" });
    expect(vatRateSchema.parse({ VATId: 1, VATRate: 20.0, VATText: "20%" }).VATRate).toBe("20");
    expect(nextNumberSchema.parse(41)).toBe(41);
    expect(nextNumberSchema.parse({ Number: "42" })).toBe(42);
  });

  it("lists as bare arrays or paged envelopes, with any key case", () => {
    expect(readEnvelope([{ a: 1 }])).toEqual({ rows: [{ a: 1 }], meta: null });
    expect(readEnvelope({ data: [1], metadata: { TotalRecords: 1, NextPageUrl: null } })).toEqual({
      rows: [1],
      meta: { TotalRecords: 1, NextPageUrl: null },
    });
    expect(readEnvelope({ Data: null, MetaData: null })).toEqual({ rows: [], meta: null });
    expect(readEnvelope({ Message: "nope" })).toBeNull();
    expect(readEnvelope({ Data: [], MetaData: { TotalRecords: "many" } })).toMatchObject({
      rows: [],
      meta: null,
      metaError: expect.anything(),
    });
  });
});
