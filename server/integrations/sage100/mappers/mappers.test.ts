// Sage 100 rows ⇄ canonical records, on rows captured from the simulator (ODBC format) and KashFlow fixtures: what
// each field becomes, what is cut to fit (always with a warning), and that a Sage record read into the canonical
// model and shaped back for Sage gives Sage's own fields again (so reading our own write is never a change).
import { describe, expect, it } from "vitest";
import { customerSchema } from "@/server/integrations/kashflow/schemas/customer";
import { productSchema } from "@/server/integrations/kashflow/schemas/product";
import { customerToParty } from "@/server/integrations/kashflow/mappers/party";
import { productToItem } from "@/server/integrations/kashflow/mappers/item";
import kfNorthern from "@/server/integrations/kashflow/fixtures/customer-NOR01.json";
import kfProducts from "@/server/integrations/kashflow/fixtures/products-list.json";
import { parseSyncSettings } from "@/server/sync/settings";
import acme from "./fixtures/ar-customer-acme.json";
import bluesky from "./fixtures/ar-customer-bluesky.json";
import ukWritten from "./fixtures/ar-customer-uk-written.json";
import offsupp from "./fixtures/ap-vendor-offsupp.json";
import gadget from "./fixtures/ci-item-gadget-200.json";
import install from "./fixtures/ci-item-install.json";
import comment from "./fixtures/ci-item-comment.json";
import {
  customerFieldsOfRow,
  customerKeyOfRow,
  customerRowToParty,
  parseCustomerKey,
  upsertCustomerInput,
} from "./customer";
import {
  isProductRow,
  itemFieldsOfRow,
  itemRowToItem,
  itemToSageFields,
  pickItemFields,
  upsertItemInput,
} from "./item";
import { partyToSageFields, pickPartyFields } from "./party";
import { stamp } from "./row";
import { upsertVendorInput, vendorFieldsOfRow, vendorKeyOfRow, vendorRowToParty } from "./vendor";

const rule = parseSyncSettings({}).sage100;

describe("AR_Customer → canonical party", () => {
  it("reads a US customer: address as street + 'City, ST', one primary contact, terms from the code, UTC stamps", () => {
    const { party, warnings } = customerRowToParty(acme);
    expect(customerKeyOfRow(acme)).toBe("00-ACME");
    expect(party).toEqual({
      kind: "customer",
      code: "ACME",
      name: "Acme Industrial Supply",
      isArchived: false,
      currency: "USD",
      vatNumber: null,
      billingAddress: {
        name: null,
        lines: ["1200 Harbor Blvd", "Los Angeles, CA"],
        postCode: "90012",
        countryCode: "US",
      },
      deliveryAddresses: [],
      contacts: [
        {
          name: null,
          firstName: null,
          lastName: null,
          email: "ap@acme.example.com",
          phone: "(555) 010-0100",
          mobile: null,
          isPrimary: true,
        },
      ],
      paymentTerms: { basis: "after_issue_date", days: 30 },
      defaultAccountCode: null,
      discountRate: null,
      note: null,
      createdAt: "2025-01-01T09:00:00Z",
      updatedAt: "2025-01-01T09:00:00Z",
    });
    expect(warnings).toEqual([]);
  });

  it("reads a UK customer Ledgerlink wrote: the county in AddressLine3 goes back after the town, GBR is GB", () => {
    const { party } = customerRowToParty(ukWritten);
    expect(party.billingAddress).toEqual({
      name: null,
      lines: ["12 High Street", "Unit 4", "Manchester", "Lancashire"],
      postCode: "M1 1AA",
      countryCode: "GB",
    });
    expect(party).toMatchObject({
      isArchived: true,
      paymentTerms: { basis: "after_issue_date", days: 15 },
      updatedAt: "2026-03-31T15:30:00Z",
    });
  });

  it("reads '2% 10 Net 30' as net 30 days (the discount has no KashFlow field)", () => {
    expect(customerRowToParty(bluesky).party.paymentTerms).toEqual({ basis: "after_issue_date", days: 30 });
  });

  it.each([
    ["ACME (US)", acme],
    ["BLUESKY (US, terms 02)", bluesky],
    ["a UK customer with a county", ukWritten],
  ])("%s read and shaped back for Sage gives Sage's own fields", (_name, row) => {
    const fields = customerFieldsOfRow(row);
    const back = partyToSageFields(customerRowToParty(row).party, rule).fields;
    // The terms code is the one field Sage can hold more precisely than the canonical model (02 reads as net 30).
    expect({ ...back, termsCode: fields.termsCode }).toEqual(fields);
  });

  it("keys: division and number", () => {
    expect(parseCustomerKey("00-ACME")).toEqual({ division: "00", customerNo: "ACME" });
    expect(parseCustomerKey("02-ZENITH")).toEqual({ division: "02", customerNo: "ZENITH" });
  });
});

describe("canonical party → Sage 100 fields and the upsert payload", () => {
  const northern = customerToParty(customerSchema.parse(kfNorthern));

  it("fits a KashFlow customer: street, town into City, postcode into ZipCode, GB as GBR, primary contact", () => {
    const { fields, warnings } = partyToSageFields(northern, rule);
    expect(fields).toEqual({
      name: "Northern Bakery Ltd",
      addressLine1: "101 Mill Lane",
      addressLine2: "",
      addressLine3: "",
      city: "Manchester",
      state: "",
      zipCode: "M3 4FE",
      countryCode: "GBR",
      telephoneNo: "0161 690 7486",
      emailAddress: "grace@northernbakery.co.uk",
      termsCode: "01",
      status: "A",
    });
    expect(warnings).toEqual([]);
  });

  it("cuts what Sage cannot hold and says so: a long name, a county dropped by the company rule", () => {
    const long = {
      ...northern,
      name: "Northern Bakery and Confectionery Supplies Ltd",
      billingAddress: { ...northern.billingAddress!, lines: ["101 Mill Lane", "Manchester", "Lancashire"] },
    };
    const { fields, warnings } = partyToSageFields(long, { ...rule, countyTo: "drop" });
    expect(fields).toMatchObject({ name: "Northern Bakery and Confection", addressLine3: "", city: "Manchester" });
    expect(warnings).toEqual([
      {
        field: "name",
        message:
          'Name "Northern Bakery and Confectionery Supplies Ltd" is longer than the 30 characters Sage 100 allows; kept "Northern Bakery and Confection".',
      },
      {
        field: "address.county",
        message: 'County "Lancashire" is not kept in Sage 100 (company rule: drop the county).',
      },
    ]);
  });

  it("writes only the groups asked for, with the name Sage has when the name is not one of them", () => {
    const { fields } = partyToSageFields(northern, rule);
    expect(
      upsertCustomerInput(
        { division: "00", customerNo: "NOR01" },
        pickPartyFields(fields, ["contact", "status"]),
        "Name In Sage",
      ),
    ).toEqual({
      division: "00",
      customerNo: "NOR01",
      name: "Name In Sage",
      telephoneNo: "0161 690 7486",
      emailAddress: "grace@northernbakery.co.uk",
      status: "A",
    });
    expect(pickPartyFields({ ...fields, termsCode: undefined }, ["creditTerms"])).toEqual({});
  });
});

describe("AP_Vendor ⇄ canonical supplier", () => {
  it("reads a vendor and writes one back under its key", () => {
    const { party } = vendorRowToParty(offsupp);
    expect(vendorKeyOfRow(offsupp)).toBe("00-OFFSUPP");
    expect(party).toMatchObject({
      kind: "supplier",
      code: "OFFSUPP",
      name: "Office Supply Co.",
      paymentTerms: { basis: "after_issue_date", days: 30 },
    });
    const fields = vendorFieldsOfRow(offsupp);
    expect({ ...partyToSageFields(party, rule).fields }).toEqual(fields);
    expect(
      upsertVendorInput({ division: "00", vendorNo: "OFFSUPP" }, { name: "Office Supply Company" }, fields.name),
    ).toEqual({ division: "00", vendorNo: "OFFSUPP", name: "Office Supply Company" });
  });
});

describe("CI_Item ⇄ canonical item", () => {
  it("reads a regular (stock) item with its price as an exact decimal and its tax class as VAT", () => {
    expect(itemRowToItem(gadget).item).toEqual({
      code: "GADGET-200",
      salesAccountCode: null,
      name: "Deluxe Gadget",
      description: null,
      currency: "USD",
      unitPrice: "149.99",
      wholesalePrice: null,
      vatRate: "20",
      vatExempt: false,
      isStockTracked: true,
      quantityOnHand: "55",
      reorderLevel: null,
      purchaseAccountCode: null,
      isActive: true,
      updatedAt: "2025-01-01T09:00:00Z",
    });
  });

  it("reads a miscellaneous non-taxable item; comment items are not products", () => {
    expect(itemRowToItem(install).item).toMatchObject({
      code: "/INSTALL",
      isStockTracked: false,
      quantityOnHand: null,
      unitPrice: "95",
      vatRate: "0",
    });
    expect(isProductRow(install)).toBe(true);
    expect(isProductRow(comment)).toBe(false);
  });

  it("fits KashFlow products: VAT that applies is taxable, exempt and zero-rated are not; names cut to 30", () => {
    const products = (kfProducts as { Data: unknown[] }).Data.map((p) => productToItem(productSchema.parse(p)));
    for (const p of products) {
      const { fields } = itemToSageFields(p);
      expect(fields.taxClass).toBe(p.vatExempt || p.vatRate === null || Number(p.vatRate) === 0 ? "NT" : "TX");
      expect(fields.standardUnitPrice).toBe(p.unitPrice);
    }
    const { fields, warnings } = itemToSageFields({
      ...products[0]!,
      name: "A product name far longer than thirty characters",
    });
    expect(fields.description).toBe("A product name far longer than");
    expect(warnings).toHaveLength(1);
  });

  it("reads back what it writes, and the payload carries only the groups asked for", () => {
    const item = itemRowToItem(gadget).item;
    expect(itemToSageFields(item).fields).toEqual(itemFieldsOfRow(gadget));
    expect(
      upsertItemInput(
        { itemCode: "GADGET-200" },
        pickItemFields(itemToSageFields(item).fields, ["itemPricing"]),
        "Deluxe Gadget",
      ),
    ).toEqual({
      itemCode: "GADGET-200",
      description: "Deluxe Gadget",
      standardUnitPrice: "149.99",
    });
  });
});

describe("rows", () => {
  it("reads audit stamps in decimal hours, from ODBC or BOI dates", () => {
    expect(stamp({ DateUpdated: "2025-03-15", TimeUpdated: "8.49222" }, "Updated")).toBe("2025-03-15T08:29:32Z");
    expect(stamp({ DateUpdated: "20250315", TimeUpdated: "15.5" }, "Updated")).toBe("2025-03-15T15:30:00Z");
    expect(stamp({ DateUpdated: "", TimeUpdated: "" }, "Updated")).toBeNull();
  });
});
