// Account set-up: the standard UK chart every account starts with, and a deterministic demo data set
// (same Seed + AnchorDate → identical books) that scales to 100,000+ invoices for benchmarks.
import { DEFAULT_BEHAVIOUR, type BehaviourConfig } from "./config";
import type { AuditUser } from "./domain/audit";
import { logBankTx } from "./domain/audit";
import { saveDocument, type DocContext, type LineInput } from "./domain/documents";
import { prng, seededGuid } from "./domain/ids";
import { fieldDefaults } from "./fields";
import { addDays, businessDate, formatTimestamp, NEVER_1970, ymdToMs } from "./format";
import { CURRENCY_CATALOGUE } from "./reference";
import { Books, codeKey, productKey } from "./store/books";
import type { BankAccountRec, BankTxRec, DocumentRec, NominalRec, PartyRec, ProductRec } from "./store/types";
import { CUSTOMER_FIELDS } from "./routes/customers";
import { SUPPLIER_FIELDS } from "./routes/suppliers";
import { NOMINAL_FIELDS } from "./routes/nominals";

export interface SeedSize {
  Customers: number;
  Suppliers: number;
  /** Extra generic products on top of the fixed catalogue. */
  Products: number;
  Invoices: number;
  Purchases: number;
  /** Standalone bank entries (charges, interest, transfers). */
  BankTransactions: number;
}

export interface SeedOptions {
  Seed: number;
  /** "Today" of the data set (YYYY-MM-DD); statuses such as Overdue are relative to it. */
  AnchorDate: string;
  Size: SeedSize;
}

export function defaultSize(partial: Partial<SeedSize> = {}): SeedSize {
  const invoices = partial.Invoices ?? 40;
  return {
    Customers: partial.Customers ?? Math.max(12, Math.min(2000, Math.ceil(invoices / 40))),
    Suppliers: partial.Suppliers ?? 8,
    Products: partial.Products ?? 0,
    Invoices: invoices,
    Purchases: partial.Purchases ?? Math.max(20, Math.min(20_000, Math.ceil(invoices / 5))),
    BankTransactions: partial.BankTransactions ?? 20,
  };
}

const ONE = 10_000;
/** Chart of accounts [DOC: SOAP classification/nomtype enumerations; INF: typical codes]. */
const CHART: [number, string, number, number][] = [
  [30, "Office Equipment", 0, 4],
  [1100, "Trade Debtors", 0, 5],
  [2100, "Trade Creditors", 0, 5],
  [2200, "VAT Liability", 0, 5],
  [3000, "Capital", 0, 6],
  [3200, "Retained Earnings", 0, 6],
  [4000, "Sales", 1, 1],
  [4010, "Sales - Services", 1, 1],
  [4900, "Other Income", 1, 1],
  [4920, "Bank Interest Received", 1, 1],
  [5000, "Purchases", 2, 2],
  [5010, "Stock Purchases", 2, 2],
  [7000, "Wages & Salaries", 2, 3],
  [7100, "Rent & Rates", 2, 3],
  [7200, "Light & Heat", 2, 3],
  [7500, "Postage & Printing", 2, 3],
  [7502, "Telephone & Internet", 2, 3],
  [7600, "Legal & Professional Fees", 2, 3],
  [7900, "Bank Charges & Interest", 2, 3],
  [8200, "Sundry Expenses", 2, 3],
];

const INVOICE_METHODS = ["BACS", "Cash", "Cheque", "Bank Transfer", "Credit/Debit Card"];
const PURCHASE_METHODS = ["BACS", "Cash", "Cheque", "Bank Transfer", "Direct Debit"];

/** The books every new account starts with: chart, VAT 20/5/0 (+ exempt flag), GBP/EUR/USD, payment methods, a current account. */
export function baseBooks(companyName: string, createdAt: string): Books {
  const books = new Books({
    CompanyName: companyName,
    VATRegistered: true,
    VATNumber: "GB123456789",
    Address: {
      Line1: "1 High Street",
      Line2: null,
      Line3: "Manchester",
      Line4: null,
      PostCode: "M1 1AA",
      CountryCode: "GB",
    },
    TransactionLockDate: null,
    LastVatReturnId: 0,
  });
  for (const [code, name, nomType, cls] of CHART) {
    const n: NominalRec = {
      Id: books.next("nominal"),
      Code: code,
      Name: name,
      NomType: nomType,
      Classification: cls,
      Fields: fieldDefaults(NOMINAL_FIELDS),
      AllowDelete: cls !== 5 && cls !== 6,
      CreatedDate: createdAt,
      LastUpdatedDate: createdAt,
    };
    books.nominals.set(code, n);
  }
  for (const rate of [200_000, 50_000, 0]) {
    const id = books.next("vatRate");
    books.vatRates.set(id, { VATId: id, VATRate: rate, VATText: `${rate / ONE}%` });
  }
  for (const code of ["GBP", "EUR", "USD"]) {
    const c = CURRENCY_CATALOGUE.find((x) => x.Code === code);
    if (c) books.currencies.set(code, { Id: books.next("currency"), ...c });
  }
  // Account-specific method ids, like KashFlow's (e.g. 409844) [OBS].
  INVOICE_METHODS.forEach((name, i) => books.paymentMethods.invoice.set(409_844 + i, { Id: 409_844 + i, Name: name }));
  PURCHASE_METHODS.forEach((name, i) =>
    books.paymentMethods.purchase.set(512_200 + i, { Id: 512_200 + i, Name: name }),
  );
  addBankAccount(books, 1200, "Current Account", createdAt, {
    IsDefaultAccount: true,
    DefaultInvoicePaymentType: 409_844,
    DefaultPurchasePaymentType: 512_200,
  });
  return books;
}

function addBankAccount(
  books: Books,
  code: number,
  name: string,
  createdAt: string,
  extra: Partial<BankAccountRec> = {},
): BankAccountRec {
  const a: BankAccountRec = {
    Id: books.next("bankAccount"),
    Code: code,
    AccountName: name,
    IsDefaultAccount: false,
    IsArchived: false,
    ReconcileDate: null,
    TransactionLockEnabled: false,
    TransactionLockDate: null,
    Order: books.bankAccounts.size + 1,
    IconId: 0,
    StartingDate: NEVER_1970,
    StartingAmount: 0,
    ShowPaidInFirst: false,
    IncludeOnDashBoard: true,
    Note: "",
    OverrideTransactionLock: false,
    DefaultInvoicePaymentType: null,
    DefaultPurchasePaymentType: null,
    CreatedDate: createdAt,
    LastUpdatedDate: createdAt,
    ...extra,
  };
  books.bankAccounts.set(a.Id, a);
  if (!books.nominals.has(code)) {
    books.nominals.set(code, {
      Id: books.next("nominal"),
      Code: code,
      Name: name,
      NomType: 3,
      Classification: 5,
      Fields: fieldDefaults(NOMINAL_FIELDS),
      AllowDelete: false,
      CreatedDate: createdAt,
      LastUpdatedDate: createdAt,
    });
  }
  return a;
}

// ---- demo data -------------------------------------------------------------------------------

const ADJ = [
  "Northern",
  "Bright",
  "Oak",
  "Riverside",
  "Summit",
  "Harbour",
  "Crown",
  "Meadow",
  "Granite",
  "Silver",
  "Kestrel",
  "Willow",
  "Castle",
  "Thames",
  "Pennine",
  "Heather",
  "Copper",
  "Orchard",
  "Beacon",
  "Falcon",
];
const NOUN = [
  "Bakery",
  "Engineering",
  "Design",
  "Logistics",
  "Joinery",
  "Consulting",
  "Print",
  "Plumbing",
  "Media",
  "Garden Centre",
  "Electrical",
  "Catering",
  "Software",
  "Cycles",
  "Brewing",
  "Studios",
  "Motors",
  "Textiles",
  "Dental",
  "Builders",
];
const SUFFIX = ["Ltd", "Ltd", "LLP", "& Co", "Ltd", "Group Ltd", "Partners"];
const FIRST = [
  "Amelia",
  "Oliver",
  "Isla",
  "George",
  "Ava",
  "Harry",
  "Mia",
  "Jack",
  "Grace",
  "Noah",
  "Sophie",
  "Leo",
  "Ella",
  "Arthur",
  "Freya",
  "Oscar",
];
const LAST = [
  "Smith",
  "Jones",
  "Taylor",
  "Brown",
  "Williams",
  "Wilson",
  "Evans",
  "Thomas",
  "Roberts",
  "Walker",
  "Wright",
  "Hughes",
  "Patel",
  "Khan",
  "Murphy",
  "Clarke",
];
const STREETS = [
  "High Street",
  "Station Road",
  "Church Lane",
  "Victoria Road",
  "Mill Lane",
  "Park Avenue",
  "King Street",
  "Queens Road",
  "The Green",
  "Market Place",
];
const TOWNS: [string, string][] = [
  ["Manchester", "M"],
  ["Leeds", "LS"],
  ["Bristol", "BS"],
  ["Birmingham", "B"],
  ["York", "YO"],
  ["Norwich", "NR"],
  ["Cardiff", "CF"],
  ["Edinburgh", "EH"],
  ["Brighton", "BN"],
  ["Exeter", "EX"],
  ["Nottingham", "NG"],
  ["Glasgow", "G"],
];
const LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

interface ProductSeed {
  code: string;
  nominal: number;
  name: string;
  price: number;
  vat: number;
  exempt?: boolean;
  stock?: number;
  purchaseNominal?: number;
  wholesale?: number;
}

/** Fixed catalogue: the same code under two nominals, stock-managed items, every VAT treatment (§13). */
const PRODUCTS: ProductSeed[] = [
  { code: "CONSULT", nominal: 4000, name: "Consultancy (day)", price: 650 * ONE, vat: 20 },
  { code: "CONSULT", nominal: 4010, name: "Consultancy (remote day)", price: 550 * ONE, vat: 20 },
  {
    code: "WIDGET-A",
    nominal: 4000,
    name: "Widget A",
    price: 24.99 * ONE,
    vat: 20,
    stock: 500,
    purchaseNominal: 5010,
    wholesale: 19.5 * ONE,
  },
  {
    code: "WIDGET-B",
    nominal: 4000,
    name: "Widget B",
    price: 49.5 * ONE,
    vat: 20,
    stock: 120,
    purchaseNominal: 5010,
    wholesale: 42 * ONE,
  },
  { code: "BOOK-UK", nominal: 4000, name: "Printed handbook", price: 12 * ONE, vat: 0 },
  { code: "CHILD-SEAT", nominal: 4000, name: "Child car seat", price: 89 * ONE, vat: 5 },
  { code: "TRAINING", nominal: 4010, name: "Accredited training (exempt)", price: 300 * ONE, vat: 0, exempt: true },
  { code: "SUPPORT", nominal: 4010, name: "Monthly support", price: 95 * ONE, vat: 20 },
  { code: "DELIVERY", nominal: 4900, name: "Delivery charge", price: 7.5 * ONE, vat: 20 },
];

type Category = "paid" | "part" | "unpaid" | "overdue" | "overpaid" | "zero" | "credit" | "refunded";
const SHOWCASE: Category[] = ["paid", "unpaid", "overdue", "overpaid", "zero", "credit", "part", "refunded"];
/** Share of each outcome in the bulk of the data set (after the showcase). */
const INVOICE_MIX: [Category, number][] = [
  ["paid", 62],
  ["part", 5],
  ["unpaid", 12],
  ["overdue", 10],
  ["overpaid", 2],
  ["credit", 3],
  ["refunded", 2],
  ["zero", 1],
];

interface Event {
  at: number;
  order: number;
  run: (ctx: DocContext) => void;
}

export function seedDemo(
  books: Books,
  opts: SeedOptions,
  user: AuditUser,
  behaviour: BehaviourConfig = DEFAULT_BEHAVIOUR,
): void {
  const rand = prng(opts.Seed);
  const guid = seededGuid(prng(opts.Seed ^ 0x5eed));
  const pick = <T>(arr: readonly T[]): T => arr[Math.floor(rand() * arr.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const weighted = <T>(mix: [T, number][]): T => {
    let r = rand() * mix.reduce((t, [, w]) => t + w, 0);
    for (const [v, w] of mix) if ((r -= w) < 0) return v;
    return (mix[0] as [T, number])[0];
  };
  const anchor = opts.AnchorDate;
  const size = opts.Size;
  const span = Math.max(180, Math.ceil(size.Invoices / 150), Math.ceil(size.Purchases / 60));
  const start = addDays(anchor, -span - 30);
  const at = (ymd: string, hour: number, seq: number) => ymdToMs(ymd) + hour * 3_600_000 + (seq % 3_600) * 1000;
  const stamp = (ymd: string, hour: number) => formatTimestamp(at(ymd, hour, 0));
  const setupStamp = stamp(start, 8);

  // Bank accounts beyond the default current account: a deposit account and an archived old account.
  const current = books.defaultBankAccount();
  if (!current) throw new Error("base books have no bank account");
  current.StartingAmount = 15_000_00;
  current.StartingDate = businessDate(start);
  const deposit = addBankAccount(books, 1210, "Deposit Account", setupStamp, {
    StartingAmount: 50_000_00,
    StartingDate: businessDate(start),
    DefaultInvoicePaymentType: 409_847,
    DefaultPurchasePaymentType: 512_203,
  });
  const old = addBankAccount(books, 1220, "Old Business Account", setupStamp, {
    IsArchived: true,
    StartingDate: businessDate(start),
  });

  // Products
  const products: ProductRec[] = [];
  const addProduct = (p: ProductSeed) => {
    const rec: ProductRec = {
      Id: books.next("product"),
      Code: p.code,
      NominalCode: p.nominal,
      Name: p.name,
      Description: p.name,
      AutoFillLineItem: true,
      Price: Math.round(p.price),
      WholeSalePrice: Math.round(p.wholesale ?? p.price),
      VATRate: p.vat * ONE,
      VATExempt: p.exempt ?? false,
      IsDefault: false,
      InUse: true,
      ManageStockLevel: p.stock !== undefined,
      QuantityInStock: (p.stock ?? 0) * ONE,
      StockWarningQuantity: p.stock !== undefined ? 20 * ONE : 0,
      PurchaseNominalCode: p.purchaseNominal ?? null,
      CreatedDate: setupStamp,
      LastUpdatedDate: setupStamp,
    };
    books.products.set(productKey(rec.NominalCode, rec.Code), rec);
    products.push(rec);
  };
  PRODUCTS.forEach(addProduct);
  for (let i = 1; i <= size.Products; i++) {
    addProduct({
      code: `PRD${String(i).padStart(4, "0")}`,
      nominal: 4000,
      name: `${pick(ADJ)} ${pick(NOUN)} item ${i}`,
      price: int(5, 500) * ONE,
      vat: pick([20, 20, 20, 5, 0]),
    });
  }
  const firstProduct = books.products.get(productKey(4000, "CONSULT"));
  if (firstProduct) firstProduct.IsDefault = true;

  // Parties
  const makeParty = (kind: "customer" | "supplier", i: number): PartyRec => {
    const name = `${ADJ[i % ADJ.length]} ${NOUN[(i * 7 + Math.floor(i / ADJ.length)) % NOUN.length]} ${pick(SUFFIX)}${i >= ADJ.length ? ` ${Math.floor(i / ADJ.length) + 1}` : ""}`;
    const stem = name
      .replace(/[^A-Za-z]/g, "")
      .toUpperCase()
      .slice(0, 3);
    const map = kind === "customer" ? books.customers : books.suppliers;
    let n = 1;
    let code = `${stem}${String(n).padStart(2, "0")}`;
    while (map.has(codeKey(code))) code = `${stem}${String(++n).padStart(2, "0")}`;
    const [town, area] = pick(TOWNS);
    const first = pick(FIRST);
    const last = pick(LAST);
    const domain = name
      .toLowerCase()
      .replace(/[^a-z]/g, "")
      .slice(0, 14);
    const created = stamp(addDays(start, -int(10, 400)), 10);
    const euro = i % 11 === 5;
    const p: PartyRec = {
      Id: books.next("party"),
      Code: code,
      Name: name,
      IsArchived: kind === "customer" && i % 17 === 16,
      CurrencyCode: euro ? "EUR" : "GBP",
      PaymentTerms:
        i % 4 === 3 ? { Type: "AfterMonthEnd", Days: 30 } : { Type: "AfterIssuedDate", Days: i % 5 === 1 ? 14 : 30 },
      Contacts: [
        {
          Id: books.next("contact"),
          IsPrimary: true,
          ReceiveEmails: true,
          Name: `${first} ${last}`,
          Title: pick(["Mr", "Ms", "Mrs", "Dr"]),
          Firstname: first,
          LastName: last,
          Telephone: `0161 ${int(200, 999)} ${int(1000, 9999)}`,
          Fax: null,
          Mobile: `07${int(100, 999)} ${int(100000, 999999)}`,
          Website: `www.${domain}.co.uk`,
          Email: `${first.toLowerCase()}@${domain}.co.uk`,
        },
      ],
      Addresses: [
        {
          Line1: `${int(1, 220)} ${pick(STREETS)}`,
          Line2: null,
          Line3: town,
          Line4: null,
          PostCode: `${area}${int(1, 20)} ${int(1, 9)}${LETTERS[int(0, 19)]}${LETTERS[int(0, 19)]}`,
          CountryCode: euro ? "IE" : "GB",
        },
      ],
      DeliveryAddresses: [],
      CustomTextBoxes: [],
      CustomCheckBoxes: [],
      WithholdingTaxReferences: kind === "customer" ? [] : null,
      BankAccount:
        kind === "supplier"
          ? {
              Name: name,
              Number: String(int(10_000_000, 99_999_999)),
              SortCode: `${int(10, 99)}-${int(10, 99)}-${int(10, 99)}`,
            }
          : null,
      Fields:
        kind === "customer"
          ? fieldDefaults(CUSTOMER_FIELDS, {
              ReceivesWholesalePricing: i % 9 === 4,
              VATNumber: i % 3 === 0 ? `GB${int(100_000_000, 999_999_999)}` : "",
              DefaultNominalCode: 4000,
            })
          : fieldDefaults(SUPPLIER_FIELDS, {
              VatNumber: `GB${int(100_000_000, 999_999_999)}`,
              DefaultNominalCode: i % 3 === 0 ? 5010 : 5000,
              PaymentMethod: 512_200,
              WithholdingTaxRate: -ONE,
            }),
      Key: guid(),
      EnvelopeGuid: guid(),
      CreatedDate: created,
      LastUpdatedDate: created,
    };
    map.set(codeKey(code), p);
    return p;
  };
  const customers = Array.from({ length: Math.max(1, size.Customers) }, (_, i) => makeParty("customer", i));
  const suppliers = Array.from({ length: Math.max(1, size.Suppliers) }, (_, i) => makeParty("supplier", i));
  const activeCustomers = customers.filter((c) => !c.IsArchived);

  const events: Event[] = [];
  let order = 0;
  const push = (when: number, run: (ctx: DocContext) => void) => events.push({ at: when, order: order++, run });
  const invoiceMethods = [...books.paymentMethods.invoice.keys()];
  const purchaseMethods = [...books.paymentMethods.purchase.keys()];
  const salesProducts = products.filter((p) => p.NominalCode !== 4900 || rand() < 0.3);

  const salesLines = (credit: boolean, zero: boolean): LineInput[] => {
    const n = zero ? 1 : int(1, 3);
    return Array.from({ length: n }, (_, k) => {
      const useProduct = rand() < 0.75;
      const qty = (credit ? -1 : 1) * (rand() < 0.15 ? 1.5 : int(1, 8)) * ONE;
      if (useProduct) {
        const p = pick(salesProducts);
        return {
          Number: k + 1,
          NominalCode: p.NominalCode,
          ProductCode: p.Code,
          Quantity: qty,
          Rate: zero ? 0 : undefined,
        };
      }
      return {
        Number: k + 1,
        NominalCode: pick([4000, 4010]),
        Description: pick(["Project work", "Site visit", "Design services", "Call-out fee", "Materials"]),
        Quantity: qty,
        Rate: zero ? 0 : int(25, 1200) * ONE + pick([0, 0, 5000, 9900]),
        VATLevel: pick([20, 20, 20, 5, 0]) * ONE,
      };
    });
  };

  // Invoices: a showcase of every status first, then the bulk in date order.
  const nInv = size.Invoices;
  for (let i = 0; i < nInv; i++) {
    const category: Category = i < SHOWCASE.length ? (SHOWCASE[i] as Category) : weighted(INVOICE_MIX);
    const customer =
      i < SHOWCASE.length ? (activeCustomers[i % activeCustomers.length] as PartyRec) : pick(activeCustomers);
    let issued: string;
    if (category === "unpaid") issued = addDays(anchor, -int(1, 10));
    else if (category === "overdue") issued = addDays(anchor, -int(50, Math.min(span, 120)));
    else if (i < SHOWCASE.length) issued = addDays(anchor, -int(40, 90));
    else issued = addDays(anchor, -span + Math.floor(((i + 1) * span) / (nInv + 1)));
    if (issued >= anchor) issued = addDays(anchor, -1);
    const credit = category === "credit" || category === "refunded";
    const lines = salesLines(credit, category === "zero");
    const seq = i;
    let saved: DocumentRec | undefined;
    push(at(issued, 9, seq), (ctx) => {
      saved = saveDocument(ctx, "invoice", null, {
        PartyCode: customer.Code,
        IssuedDate: issued,
        Reference: rand() < 0.6 ? `PO-${int(1000, 99999)}` : "",
        LineItems: lines,
      }).doc;
    });
    if (category === "unpaid" || category === "overdue" || category === "zero" || category === "credit") continue;
    const payDay = addDays(issued, int(3, 25));
    const payDate = payDay >= anchor ? addDays(anchor, -1) : payDay;
    push(at(payDate, 14, seq), (ctx) => {
      if (!saved) return;
      const due = saved.HomeGrossAmount;
      const amount = category === "part" ? Math.round(due / 2) : category === "overpaid" ? due + 10_00 : due;
      if (amount === 0) return;
      const account = rand() < 0.8 ? current.Id : payDate < addDays(start, 60) ? old.Id : deposit.Id;
      saved = saveDocument(ctx, "invoice", saved, {
        LineItems: saved.LineItems.map((l) => ({ Id: l.Id })),
        PaymentLines: [
          {
            Amount: amount,
            Date: payDate,
            Method: pick(invoiceMethods),
            AccountId: account,
            Reference: `RCPT${seq + 1}`,
          },
        ],
      }).doc;
    });
  }

  // Purchases, including stock purchases on 5010 that raise Widget stock.
  const nPur = size.Purchases;
  for (let i = 0; i < nPur; i++) {
    const supplier = pick(suppliers);
    const category =
      i < 4
        ? ((["paid", "unpaid", "overdue", "part"] as const)[i] ?? "paid")
        : pick(["paid", "paid", "paid", "unpaid", "overdue", "part"] as const);
    let issued =
      category === "unpaid"
        ? addDays(anchor, -int(1, 10))
        : category === "overdue"
          ? addDays(anchor, -int(50, 100))
          : addDays(anchor, -span + Math.floor(((i + 1) * span) / (nPur + 1)));
    if (issued >= anchor) issued = addDays(anchor, -1);
    const stockLine = rand() < 0.25;
    const lines: LineInput[] = stockLine
      ? [
          {
            NominalCode: 5010,
            ProductCode: pick(["WIDGET-A", "WIDGET-B"]),
            Description: "Stock replenishment",
            Quantity: int(10, 60) * ONE,
            Rate: int(8, 30) * ONE,
          },
        ]
      : Array.from({ length: int(1, 2) }, () => {
          const nominal = pick([5000, 7100, 7200, 7500, 7502, 7600, 8200]);
          return {
            NominalCode: nominal,
            Description: books.nominals.get(nominal)?.Name ?? "Supplies",
            Quantity: ONE,
            Rate: int(20, 900) * ONE + pick([0, 4500, 9900]),
            VATLevel: pick([20, 20, 5, 0]) * ONE,
          };
        });
    const seq = i;
    let saved: DocumentRec | undefined;
    push(at(issued, 11, seq), (ctx) => {
      saved = saveDocument(ctx, "purchase", null, {
        PartyCode: supplier.Code,
        IssuedDate: issued,
        Reference: `INV-${int(10_000, 99_999)}`,
        LineItems: lines,
        Fields: { Type: stockLine || rand() < 0.7 ? "Purchase" : "Expense" },
      }).doc;
    });
    if (category === "unpaid" || category === "overdue") continue;
    const payDay = addDays(issued, int(5, 28));
    const payDate = payDay >= anchor ? addDays(anchor, -1) : payDay;
    push(at(payDate, 15, seq), (ctx) => {
      if (!saved) return;
      const amount = category === "part" ? Math.round(saved.HomeGrossAmount / 2) : saved.HomeGrossAmount;
      if (amount === 0) return;
      saved = saveDocument(ctx, "purchase", saved, {
        LineItems: saved.LineItems.map((l) => ({ Id: l.Id })),
        PaymentLines: [
          {
            Amount: amount,
            Date: payDate,
            Method: pick(purchaseMethods),
            AccountId: current.Id,
            Reference: `PAY${seq + 1}`,
          },
        ],
      }).doc;
    });
  }

  // Standalone bank entries: month-end charges and interest (sharing dates with receipts), transfers.
  for (let i = 0; i < size.BankTransactions; i++) {
    const kind = i % 4;
    const day = addDays(anchor, -Math.floor(((i + 1) * span) / (size.BankTransactions + 1)) - 1);
    const amount = kind === 0 ? int(5, 40) * 100 : kind === 1 ? int(1, 30) * 100 + int(0, 99) : int(500, 3000) * 100;
    push(at(day, 16, i), (ctx) => {
      const now = formatTimestamp(ctx.now);
      const tx: BankTxRec = {
        Id: books.next("bankTx"),
        AccountId: kind === 2 ? current.Id : kind === 3 ? deposit.Id : current.Id,
        TransferAccountId: kind === 2 ? deposit.Id : kind === 3 ? current.Id : null,
        TransactionNumber: 0,
        Date: businessDate(day),
        MoneyType: kind === 0 ? 7900 : kind === 1 ? 4920 : current.Code,
        Comment:
          kind === 0
            ? "Monthly account fee"
            : kind === 1
              ? "Interest received"
              : kind === 2
                ? "Transfer to deposit"
                : "Transfer from deposit",
        PaidIn: kind === 1 ? amount : 0,
        PaidOut: kind === 1 ? 0 : amount,
        VATAble: false,
        VATRate: 0,
        VATAmount: 0,
        VATPaid: false,
        ProjectNumber: 0,
        CustomerCode: "",
        SupplierCode: "",
        TransactionType: 0,
        Disallowed: false,
        PaymentId: null,
        DocumentKind: null,
        DocumentId: null,
        BFSTransactionId: null,
        Reconciled: day < addDays(anchor, -30),
        ReconciledId: 0,
        VATReturnId: 0,
        IsSystemGeneratedTransaction: false,
        IsBulk: false,
        CreatedDate: now,
        LastUpdatedDate: now,
      };
      tx.TransactionNumber = logBankTx(books, tx, user, now, false).TransactionNumber;
      books.putBankTx(tx);
    });
  }

  events.sort((a, b) => a.at - b.at || a.order - b.order);
  const ctx: DocContext = {
    books,
    cfg: { ...behaviour, acceptClientVatAmount: false, enforceNominalTypes: true },
    now: 0,
    user,
    guid,
  };
  for (const e of events) {
    ctx.now = e.at;
    e.run(ctx);
  }
  books.touch();
}
