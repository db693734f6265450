// Deterministic seed data (no clock, no randomness): a US demo company "ABC" (USD, sales tax, G/L chart, items in
// two warehouses, customers incl. credit-hold and inactive, vendors, open items, fiscal years 2025-2030 with the
// G/L current period 2025-02 so exactly one period, 2025-01, is closed) and a divisions-on company "XYZ".
import type { Company, CompanyOptions, Stamp } from "./tables/company";
import type { Row } from "./tables/schema";

export type SeedTemplate = "demo" | "divisions" | "minimal";

export const DEFAULT_COMPANIES: ReadonlyArray<{ code: string; name: string; template: SeedTemplate }> = [
  { code: "ABC", name: "ABC Demo Distribution Inc.", template: "demo" },
  { code: "XYZ", name: "XYZ Manufacturing Co. (divisions)", template: "divisions" },
];

export const SEED_STAMP: Stamp = { date: "20250101", time: "9", userKey: "0000000001" };

export function templateOptions(template: SeedTemplate): CompanyOptions {
  const batches = template === "demo";
  return {
    divisionsEnabled: template === "divisions",
    batchProcessing: {
      AR_INVOICE: batches,
      AR_CASH: batches,
      AP_INVOICE: batches,
      AP_CHECK: batches,
      GL_JOURNAL: batches,
      SO_INVOICE: batches,
    },
    currentFiscalYear: "2025",
    currentPeriod: "02",
    restrictAccountingDate: false,
    requireDepositAmount: true,
    defaultTermsCode: "01",
    defaultTaxSchedule: template === "divisions" ? "NONTAX" : "WEST",
    defaultWarehouse: "000",
    defaultApTermsCode: "01",
  };
}

type Put = (table: string, row: Row) => void;

const CHART: ReadonlyArray<readonly [account: string, desc: string, type: string, status?: string]> = [
  ["1000-00", "Cash - Operating Account", "A"],
  ["1010-00", "Cash - Payroll Account", "A"],
  ["1200-00", "Accounts Receivable", "A"],
  ["1300-00", "Inventory", "A"],
  ["2000-00", "Accounts Payable", "L"],
  ["2200-00", "Sales Tax Payable", "L"],
  ["3000-00", "Retained Earnings", "Q"],
  ["4000-00", "Sales - Products", "I"],
  ["4010-00", "Sales - Services", "I"],
  ["4050-00", "Freight Income", "I"],
  ["4090-00", "Sales Discounts", "I"],
  ["5000-00", "Cost of Goods Sold", "E"],
  ["6000-00", "Office Expense", "E"],
  ["6100-00", "Rent Expense", "E"],
  ["6200-00", "Utilities Expense", "E"],
  ["6300-00", "Professional Fees", "E"],
  ["6400-00", "Travel Expense (inactive)", "E", "I"],
  ["6900-00", "Old Miscellaneous Expense (deleted)", "E", "D"],
  ["7000-00", "Bank Charges", "E"],
  ["7150-00", "Exchange Rate Gain/Loss", "E"],
  // Last, so the accounts above keep their keys.
  ["2100-00", "Customer Deposits", "L"],
];

/** AccountKey of a seeded formatted account (keys are assigned in chart order: 000000001...). */
export function seedAccountKey(account: string): string {
  const idx = CHART.findIndex(([a]) => a === account);
  if (idx < 0) throw new Error(`Unknown seed account ${account}`);
  return String(idx + 1).padStart(9, "0");
}
const k = seedAccountKey;

function seedReference(put: Put, company: Company, template: SeedTemplate): void {
  CHART.forEach(([account, desc, type, status], i) =>
    put("GL_Account", {
      AccountKey: String(i + 1).padStart(9, "0"),
      Account: account,
      RawAccount: account.replace("-", ""),
      AccountDesc: desc,
      MainAccountCode: account.slice(0, 4),
      AccountType: type,
      Status: status ?? "A",
    }),
  );
  company.counters.AccountKey = CHART.length + 1;
  for (let y = 2025; y <= 2030; y++) {
    put("GL_FiscalYearMaster", {
      FiscalYear: String(y),
      BeginningDate: `${y}0101`,
      EndingDate: `${y}1231`,
      NumberOfPeriods: 12,
    });
    for (let p = 1; p <= 12; p++) {
      const last = new Date(Date.UTC(y, p, 0)).getUTCDate();
      put("GL_FiscalYearDetail", {
        FiscalYear: String(y),
        FiscalPeriod: String(p).padStart(2, "0"),
        PeriodEndingDate: `${y}${String(p).padStart(2, "0")}${last}`,
      });
    }
  }
  const divisions = template === "divisions" ? ["01", "02"] : ["00"];
  for (const d of divisions) {
    put("AR_Division", {
      ARDivisionNo: d,
      DivisionDesc: d === "00" ? "Default division" : `Division ${d}`,
      ARAccountKey: k("1200-00"),
      FreightAcctKey: k("4050-00"),
      DiscountAcctKey: k("4090-00"),
    });
    put("AP_Division", {
      APDivisionNo: d,
      DivisionDesc: d === "00" ? "Default division" : `Division ${d}`,
      APAccountKey: k("2000-00"),
      DiscountAcctKey: k("5000-00"),
    });
  }
  const terms: Array<[string, string, number, number, number]> = [
    ["00", "Due upon receipt", 0, 0, 0],
    ["01", "Net 30 Days", 30, 0, 0],
    ["02", "2% 10 Net 30", 30, 10, 2],
    ["03", "Net 15 Days", 15, 0, 0],
  ];
  for (const [code, desc, days, discDays, rate] of terms) {
    put("AR_TermsCode", {
      TermsCode: code,
      TermsCodeDesc: desc,
      DaysBeforeDue: days,
      DiscountDaysBeforeDue: discDays,
      DiscountRate: rate,
    });
    put("AP_TermsCode", {
      TermsCode: code,
      TermsCodeDesc: desc,
      DaysBeforeDue: days,
      DiscountDaysBeforeDue: discDays,
      DiscountRate: rate,
    });
  }
  put("SY_SalesTaxClass", { TaxClass: "TX", TaxClassDesc: "Taxable" });
  put("SY_SalesTaxClass", { TaxClass: "NT", TaxClassDesc: "Non-taxable" });
  const codes: Array<[string, string, number]> = [
    ["CA", "California State", 6],
    ["LACNTY", "Los Angeles County", 1.25],
    ["NY", "New York State", 4],
    ["NYC", "New York City", 4.5],
  ];
  for (const [code, desc, rate] of codes) {
    put("SY_SalesTaxCode", { TaxCode: code, TaxCodeDesc: desc, SalesTaxAcctKey: k("2200-00") });
    put("SY_SalesTaxCodeDetail", { TaxCode: code, TaxClass: "TX", TaxRate: rate });
    put("SY_SalesTaxCodeDetail", { TaxCode: code, TaxClass: "NT", TaxRate: 0 });
  }
  const schedules: Array<[string, string, string[]]> = [
    ["WEST", "Los Angeles, CA (7.25%)", ["CA", "LACNTY"]],
    ["EAST", "New York City, NY (8.5%)", ["NY", "NYC"]],
    ["NONTAX", "Non-taxable / exempt", []],
  ];
  for (const [sched, desc, list] of schedules) {
    put("SY_SalesTaxSchedule", { TaxSchedule: sched, TaxScheduleDesc: desc });
    for (const c of list) put("SY_SalesTaxScheduleDetail", { TaxSchedule: sched, TaxCode: c });
  }
  put("IM_Warehouse", { WarehouseCode: "000", WarehouseDesc: "Central Warehouse" });
  put("IM_Warehouse", { WarehouseCode: "001", WarehouseDesc: "East Coast Warehouse" });
  put("GL_BankCode", { BankCode: "A", BankName: "First National - Operating", CashAcctKey: k("1000-00") });
  put("GL_BankCode", { BankCode: "B", BankName: "First National - Payroll", CashAcctKey: k("1010-00") });
  for (const d of divisions) {
    put("AR_Salesperson", {
      SalespersonDivisionNo: d,
      SalespersonNo: "0100",
      SalespersonName: "Alice Carter",
      EmailAddress: "alice.carter@example.com",
      CommissionRate: 5,
    });
    put("AR_Salesperson", {
      SalespersonDivisionNo: d,
      SalespersonNo: "0200",
      SalespersonName: "Ben Ortiz",
      EmailAddress: "ben.ortiz@example.com",
      CommissionRate: 4.5,
    });
  }
}

interface ItemSeed {
  code: string;
  desc: string;
  type: string;
  price: number;
  cost: number;
  sales: string;
  taxClass?: string;
  inactive?: boolean;
  stock?: [number, number];
}

const ITEMS: ItemSeed[] = [
  { code: "WIDGET-100", desc: "Standard Widget", type: "1", price: 25, cost: 12, sales: "4000-00", stock: [500, 120] },
  {
    code: "GADGET-200",
    desc: "Deluxe Gadget",
    type: "1",
    price: 149.99,
    cost: 80.5,
    sales: "4000-00",
    stock: [40, 15],
  },
  {
    code: "CABLE-USBC",
    desc: "USB-C Cable 2m",
    type: "1",
    price: 9.95,
    cost: 2.1,
    sales: "4000-00",
    stock: [1000, 250],
  },
  { code: "DESK-OAK", desc: "Oak Office Desk", type: "1", price: 499, cost: 310, sales: "4000-00", stock: [8, 0] },
  {
    code: "CHAIR-ERGO",
    desc: "Ergonomic Chair",
    type: "1",
    price: 289.5,
    cost: 150,
    sales: "4000-00",
    stock: [25, 10],
  },
  {
    code: "PAPER-LTR",
    desc: "Letter Paper, case of 10",
    type: "1",
    price: 42,
    cost: 28,
    sales: "4000-00",
    taxClass: "NT",
    stock: [60, 60],
  },
  {
    code: "OLD-MODEL-X",
    desc: "Discontinued Model X",
    type: "1",
    price: 10,
    cost: 5,
    sales: "4000-00",
    inactive: true,
    stock: [0, 0],
  },
  { code: "/SERVICE", desc: "Professional Services", type: "5", price: 0, cost: 0, sales: "4010-00", taxClass: "NT" },
  { code: "/INSTALL", desc: "Installation", type: "5", price: 95, cost: 0, sales: "4010-00", taxClass: "NT" },
  { code: "/FREIGHT", desc: "Freight Charge", type: "3", price: 0, cost: 0, sales: "4050-00", taxClass: "NT" },
  { code: "/WRITE OFF", desc: "Write Off", type: "5", price: 0, cost: 0, sales: "4090-00", taxClass: "NT" },
  { code: "/C", desc: "Comment", type: "4", price: 0, cost: 0, sales: "", taxClass: "NT" },
];

function seedItems(put: Put, stock: boolean): void {
  for (const it of ITEMS) {
    const regular = it.type === "1";
    const qty = stock && it.stock ? it.stock : [0, 0];
    put("CI_Item", {
      ItemCode: it.code,
      ItemType: it.type,
      ItemCodeDesc: it.desc,
      ProductLine: regular ? "GEN" : "",
      ProductType: regular ? (it.inactive ? "D" : "F") : "F",
      StandardUnitPrice: it.price,
      StandardUnitCost: it.cost,
      AverageUnitCost: it.cost,
      SalesAcctKey: it.sales ? k(it.sales) : "",
      CostOfGoodsSoldAcctKey: regular ? k("5000-00") : "",
      InventoryAcctKey: regular ? k("1300-00") : "",
      PurchaseAcctKey: regular ? k("1300-00") : "",
      TaxClass: it.taxClass ?? "TX",
      DefaultWarehouseCode: regular ? "000" : "",
      InactiveItem: it.inactive ? "Y" : "N",
      TotalQuantityOnHand: regular ? (qty[0] ?? 0) + (qty[1] ?? 0) : 0,
      PrimaryAPDivisionNo: regular ? "00" : "",
      PrimaryVendorNo: regular ? "OFFSUPP" : "",
    });
    if (regular) {
      put("IM_ItemWarehouse", {
        ItemCode: it.code,
        WarehouseCode: "000",
        BinLocation: "A-01",
        QuantityOnHand: qty[0] ?? 0,
        AverageCost: it.cost,
        ReorderPointQty: 10,
      });
      put("IM_ItemWarehouse", {
        ItemCode: it.code,
        WarehouseCode: "001",
        BinLocation: "E-01",
        QuantityOnHand: qty[1] ?? 0,
        AverageCost: it.cost,
        ReorderPointQty: 5,
      });
    }
  }
}

interface CustomerSeed {
  div: string;
  no: string;
  name: string;
  addr: string;
  city: string;
  state: string;
  zip: string;
  email: string;
  terms: string;
  tax: string;
  sp: string;
  creditHold?: boolean;
  inactive?: boolean;
  limit: number;
}

function customer(put: Put, c: CustomerSeed): void {
  put("AR_Customer", {
    ARDivisionNo: c.div,
    CustomerNo: c.no,
    CustomerName: c.name,
    AddressLine1: c.addr,
    City: c.city,
    State: c.state,
    ZipCode: c.zip,
    CountryCode: "USA",
    TelephoneNo: "(555) 010-0100",
    EmailAddress: c.email,
    TermsCode: c.terms,
    TaxSchedule: c.tax,
    TaxExemptNo: c.tax === "NONTAX" ? "EX-0001" : "",
    SalespersonDivisionNo: c.div,
    SalespersonNo: c.sp,
    CreditHold: c.creditHold ? "Y" : "N",
    CreditLimit: c.limit,
    CustomerStatus: c.inactive ? "I" : "A",
    InactiveReasonCode: c.inactive ? "CLOSD" : "",
    DateEstablished: "20240115",
  });
}

function vendor(
  put: Put,
  div: string,
  no: string,
  name: string,
  city: string,
  state: string,
  expense: string,
  inactive = false,
): void {
  put("AP_Vendor", {
    APDivisionNo: div,
    VendorNo: no,
    VendorName: name,
    AddressLine1: "100 Supplier Way",
    City: city,
    State: state,
    ZipCode: "90001",
    TelephoneNo: "(555) 020-0200",
    EmailAddress: `ap@${no.toLowerCase()}.example.com`,
    TermsCode: "01",
    VendorStatus: inactive ? "I" : "A",
    AccountKey: k(expense),
  });
}

/** A posted A/R invoice (open item + history) so cash receipts have something to apply to. */
function postedInvoice(
  put: Put,
  company: Company,
  div: string,
  cust: string,
  invoiceNo: string,
  date: string,
  due: string,
  item: string,
  amount: number,
  taxable: number,
  tax: number,
): void {
  const total = amount + tax;
  put("AR_OpenInvoice", {
    ARDivisionNo: div,
    CustomerNo: cust,
    InvoiceNo: invoiceNo,
    InvoiceType: "IN",
    InvoiceDate: date,
    InvoiceDueDate: due,
    TermsCode: "01",
    SalespersonDivisionNo: div,
    SalespersonNo: "0100",
    TaxableSalesAmt: taxable,
    NonTaxableSalesAmt: amount - taxable,
    SalesTaxAmt: tax,
    Balance: total,
    PostingDate: date,
    ModuleCode: "A/R",
  });
  put("AR_InvoiceHistoryHeader", {
    InvoiceNo: invoiceNo,
    HeaderSeqNo: "000000",
    InvoiceType: "IN",
    ModuleCode: "A/R",
    ARDivisionNo: div,
    CustomerNo: cust,
    InvoiceDate: date,
    InvoiceDueDate: due,
    PostingDate: date,
    TermsCode: "01",
    TaxSchedule: tax > 0 ? "WEST" : "NONTAX",
    TaxableSalesAmt: taxable,
    NonTaxableSalesAmt: amount - taxable,
    SalesTaxAmt: tax,
  });
  put("AR_InvoiceHistoryDetail", {
    InvoiceNo: invoiceNo,
    HeaderSeqNo: "000000",
    DetailSeqNo: "000001",
    ItemCode: item,
    ItemType: item.startsWith("/") ? "5" : "1",
    ItemCodeDesc: item,
    QuantityShipped: 1,
    UnitPrice: amount,
    ExtensionAmt: amount,
    SalesAcctKey: k(item.startsWith("/") ? "4010-00" : "4000-00"),
    TaxClass: taxable > 0 ? "TX" : "NT",
  });
  const c = company.t("AR_Customer").get([div, cust]);
  if (c)
    company.t("AR_Customer").upsert({ ...c, CurrentBalance: Number(c.CurrentBalance) + total, DateLastInvoice: date });
}

/** Fills an empty company with a template's data. */
export function seedCompany(company: Company, template: SeedTemplate): void {
  const put: Put = (table, row) => {
    company.save(table, { ...row }, SEED_STAMP);
  };
  company.options = templateOptions(template);
  seedReference(put, company, template);
  if (template === "minimal") return;
  seedItems(put, template === "demo");
  if (template === "demo") {
    const customers: CustomerSeed[] = [
      {
        div: "00",
        no: "ACME",
        name: "Acme Industrial Supply",
        addr: "1200 Harbor Blvd",
        city: "Los Angeles",
        state: "CA",
        zip: "90012",
        email: "ap@acme.example.com",
        terms: "01",
        tax: "WEST",
        sp: "0100",
        limit: 25000,
      },
      {
        div: "00",
        no: "BLUESKY",
        name: "Blue Sky Outfitters",
        addr: "55 Broadway",
        city: "New York",
        state: "NY",
        zip: "10006",
        email: "billing@bluesky.example.com",
        terms: "02",
        tax: "EAST",
        sp: "0200",
        limit: 10000,
      },
      {
        div: "00",
        no: "CITYHALL",
        name: "City of Springfield",
        addr: "1 Civic Center Plaza",
        city: "Springfield",
        state: "IL",
        zip: "62701",
        email: "finance@springfield.example.gov",
        terms: "03",
        tax: "NONTAX",
        sp: "0100",
        limit: 50000,
      },
      {
        div: "00",
        no: "DELTA",
        name: "Delta Marine Services",
        addr: "8 Dockside Rd",
        city: "Long Beach",
        state: "CA",
        zip: "90802",
        email: "accounts@delta.example.com",
        terms: "01",
        tax: "WEST",
        sp: "0200",
        creditHold: true,
        limit: 5000,
      },
      {
        div: "00",
        no: "EVERGREEN",
        name: "Evergreen Landscaping (closed)",
        addr: "400 Elm St",
        city: "Pasadena",
        state: "CA",
        zip: "91101",
        email: "office@evergreen.example.com",
        terms: "01",
        tax: "WEST",
        sp: "0100",
        inactive: true,
        limit: 0,
      },
      {
        div: "00",
        no: "FOXTROT",
        name: "Foxtrot Media LLC",
        addr: "77 Sunset Ave",
        city: "Santa Monica",
        state: "CA",
        zip: "90401",
        email: "ap@foxtrot.example.com",
        terms: "00",
        tax: "WEST",
        sp: "0200",
        limit: 15000,
      },
    ];
    for (const c of customers) customer(put, c);
    vendor(put, "00", "OFFSUPP", "Office Supply Co.", "Los Angeles", "CA", "6000-00");
    vendor(put, "00", "LANDLRD", "Main Street Properties", "Los Angeles", "CA", "6100-00");
    vendor(put, "00", "POWERCO", "Springfield Power & Light", "Springfield", "IL", "6200-00");
    vendor(put, "00", "CPAFIRM", "Baker & Co. CPAs", "Pasadena", "CA", "6300-00");
    vendor(put, "00", "OLDVEND", "Legacy Vendor Inc. (inactive)", "Fresno", "CA", "6000-00", true);
    postedInvoice(put, company, "00", "ACME", "0000101", "20250205", "20250307", "WIDGET-100", 1000, 1000, 72.5);
    postedInvoice(put, company, "00", "BLUESKY", "0000102", "20250210", "20250312", "/SERVICE", 2500, 0, 0);
    postedInvoice(put, company, "00", "CITYHALL", "0000103", "20250212", "20250227", "/SERVICE", 800, 0, 0);
    company.counters.InvoiceNo = 1001;
    company.counters.SalesOrderNo = 101;
    company.counters.DepositNo = 1;
  } else {
    const customers: CustomerSeed[] = [
      {
        div: "01",
        no: "ACME",
        name: "Acme Industrial (Div 01)",
        addr: "1200 Harbor Blvd",
        city: "Los Angeles",
        state: "CA",
        zip: "90012",
        email: "ap@acme.example.com",
        terms: "01",
        tax: "NONTAX",
        sp: "0100",
        limit: 10000,
      },
      {
        div: "02",
        no: "ZENITH",
        name: "Zenith Retail Group",
        addr: "9 Market St",
        city: "San Francisco",
        state: "CA",
        zip: "94105",
        email: "ap@zenith.example.com",
        terms: "02",
        tax: "WEST",
        sp: "0200",
        limit: 20000,
      },
    ];
    for (const c of customers) customer(put, c);
    vendor(put, "01", "SUPPLY", "Industrial Supply Partners", "Oakland", "CA", "6000-00");
    company.counters.InvoiceNo = 5001;
  }
}
