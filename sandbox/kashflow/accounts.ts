// Creating sandbox accounts (admin API and the factory share this): credentials, base books, demo data.
import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import { behaviourPatchSchema, compact } from "./config";
import { badRequest, KfError } from "./errors";
import { formatTimestamp, todayYmd } from "./format";
import { baseBooks, defaultSize, seedDemo, type SeedSize } from "./seed";
import type { AccountRec, SandboxStore } from "./store/store";
import { ci, parseWith, zDate, zInt, zStr } from "./validation";

const MEMORABLE = [
  "marmalade",
  "lighthouse",
  "buttercup",
  "waterfall",
  "pineapple",
  "snowdrop",
  "harmonica",
  "blackbird",
  "kingfisher",
  "lavender",
];

const zCount = zInt.pipe(z.number().int().min(0).max(500_000));

export const createAccountSchema = ci({
  AccountId: zStr
    .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "AccountId may use letters, digits, _ and - (max 64)"))
    .nullish(),
  CompanyName: zStr.nullish(),
  UserName: zStr.nullish(),
  Password: zStr.nullish(),
  MemorableWord: zStr
    .pipe(z.string().regex(/^[A-Za-z0-9]{3,32}$/, "MemorableWord must be 3-32 letters or digits"))
    .nullish(),
  FullName: zStr.nullish(),
  DataSet: z.enum(["empty", "demo"]).nullish(),
  Seed: zInt.nullish(),
  AnchorDate: zDate.nullish(),
  Size: ci({
    Customers: zCount.nullish(),
    Suppliers: zCount.nullish(),
    Products: zCount.nullish(),
    Invoices: zCount.nullish(),
    Purchases: zCount.nullish(),
    BankTransactions: zCount.nullish(),
  }).nullish(),
  Behaviour: behaviourPatchSchema.nullish(),
});
export type CreateAccountInput = z.input<typeof createAccountSchema>;

export interface CreatedAccount {
  AccountId: string;
  CompanyName: string;
  UserName: string;
  Password: string;
  MemorableWord: string;
  FullName: string;
  DataSet: "empty" | "demo";
  Seed: number | null;
  AnchorDate: string | null;
  Counts: Record<string, number>;
}

export function accountCounts(a: AccountRec): Record<string, number> {
  const b = a.books;
  return {
    Customers: b.customers.size,
    Suppliers: b.suppliers.size,
    Nominals: b.nominals.size,
    Products: b.products.size,
    Invoices: b.invoices.size,
    Purchases: b.purchases.size,
    BankAccounts: b.bankAccounts.size,
    BankTransactions: b.bankTx.size,
    AuditEntries: b.audit.length,
  };
}

export function createAccount(store: SandboxStore, raw: unknown): CreatedAccount {
  const input = parseWith(createAccountSchema, raw ?? {});
  const id = input.AccountId ?? `acc_${randomBytes(5).toString("hex")}`;
  if (store.accounts.has(id)) throw new KfError(409, "Conflict", `Account '${id}' already exists.`);
  const userName = (input.UserName ?? `${id}@sandbox.ledgerlink.test`).trim();
  if (!userName) throw badRequest("UserName must not be empty.");
  if (store.accountByUser(userName)) throw new KfError(409, "Conflict", `User name '${userName}' is already taken.`);
  const password = input.Password ?? randomBytes(12).toString("base64url");
  if (!password) throw badRequest("Password must not be empty.");
  const memorableWord = input.MemorableWord ?? (MEMORABLE[randomInt(MEMORABLE.length)] as string);
  const dataSet = input.DataSet ?? "demo";
  const seed = dataSet === "demo" ? (input.Seed ?? 1) : null;
  const anchor = dataSet === "demo" ? (input.AnchorDate?.ymd ?? todayYmd(store.now())) : null;
  const createdAt = formatTimestamp(store.now());
  const companyName =
    input.CompanyName?.trim() || (dataSet === "demo" ? "Ledgerlink Demo Trading Ltd" : "Sandbox Company Ltd");
  const fullName = input.FullName?.trim() || "Sandbox User";
  const books = baseBooks(companyName, createdAt);
  const account: AccountRec = {
    Id: id,
    CreatedAt: createdAt,
    DataSet: dataSet,
    Seed: seed,
    User: {
      UserName: userName,
      Password: password,
      MemorableWord: memorableWord,
      FullName: fullName,
      FailedAttempts: 0,
      LockedUntil: null,
      PasswordExpired: false,
      SubscriptionExpired: false,
    },
    Overrides: input.Behaviour ? compact(input.Behaviour) : {},
    books,
  };
  if (dataSet === "demo" && seed !== null && anchor !== null) {
    const size: SeedSize = defaultSize(compact(input.Size ?? {}));
    seedDemo(
      books,
      { Seed: seed, AnchorDate: anchor, Size: size },
      { UserName: userName, FullName: fullName },
      store.behaviourFor(account),
    );
  }
  store.addAccount(account);
  return {
    AccountId: id,
    CompanyName: companyName,
    UserName: userName,
    Password: password,
    MemorableWord: memorableWord,
    FullName: fullName,
    DataSet: dataSet,
    Seed: seed,
    AnchorDate: anchor,
    Counts: accountCounts(account),
  };
}

export function accountSummary(store: SandboxStore, a: AccountRec): Record<string, unknown> {
  return {
    AccountId: a.Id,
    CompanyName: a.books.settings.CompanyName,
    UserName: a.User.UserName,
    Password: a.User.Password,
    MemorableWord: a.User.MemorableWord,
    FullName: a.User.FullName,
    DataSet: a.DataSet,
    Seed: a.Seed,
    CreatedAt: a.CreatedAt,
    Locked: store.isLocked(a),
    LockedUntil: a.User.LockedUntil === null ? null : formatTimestamp(a.User.LockedUntil),
    FailedAttempts: a.User.FailedAttempts,
    PasswordExpired: a.User.PasswordExpired,
    SubscriptionExpired: a.User.SubscriptionExpired,
    TransactionLockDate: a.books.settings.TransactionLockDate,
    Behaviour: a.Overrides,
    EffectiveBehaviour: store.behaviourFor(a),
    Counts: accountCounts(a),
  };
}
