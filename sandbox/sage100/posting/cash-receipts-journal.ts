// AR_CashReceiptsJournal_upd (name inferred): posts a cash receipts batch. Deposits must balance; each applied
// line reduces AR_OpenInvoice.Balance (and the PaymentsToday it reserved), writes AR_CashReceiptsHistory and
// AR_TransactionPaymentHistory, lowers the customer balance and posts cash/A/R/discount to the G/L.
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import { UpdateObject } from "../boi/update-object";
import { sameAmount, subAmounts, sumAmounts } from "../money";
import type { Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { requireRef } from "../validation/lookups";
import { postGl, signed, validateGl, type GlEntry } from "./gl";

interface ReceiptPlan {
  deposit: Row;
  receipts: Array<{ header: Row; lines: Row[] }>;
  gl: GlEntry[];
}

const neg = (a: number): number => subAmounts(0, a);

export class ArCashReceiptsJournalUpd extends UpdateObject<ReceiptPlan[]> {
  protected readonly batchKind = "AR_CASH" as const;
  protected readonly headerTable = "AR_CashReceiptsDeposit";

  constructor(ctx: ObjectContext) {
    super(ctx, "AR_CashReceiptsJournal_upd");
  }

  protected collect(batchNo: string): Row[] {
    return this.company.t("AR_CashReceiptsDeposit").lookup("KBATCH", [batchNo]);
  }

  protected describe(doc: Row): string {
    return `deposit ${String(doc.DepositNo)}`;
  }

  protected plan(deposits: Row[], postingDate: string): ReceiptPlan[] {
    const headers = this.company.t("AR_CashReceiptsHeader");
    const detail = this.company.t("AR_CashReceiptsDetail");
    const plans = deposits.map((dep) =>
      this.forDoc(dep, () => {
        const receipts = headers.lookup("KDEPOSIT", [dep.DepositNo ?? ""]).map((h) => ({
          header: h,
          lines: detail.lookup(
            "KHEADER",
            ["DepositNo", "ARDivisionNo", "CustomerNo", "CheckNo", "CreditCardEntryNo"].map((c) => h[c] ?? ""),
          ),
        }));
        const total = sumAmounts(receipts.map((r) => Number(r.header.PostingAmt)));
        if (
          (this.company.options.requireDepositAmount || Number(dep.CashDepositAmt) !== 0) &&
          !sameAmount(total, Number(dep.CashDepositAmt))
        )
          fail("DEPOSIT_OUT_OF_BALANCE", {
            deposit: String(dep.DepositNo),
            expected: Number(dep.CashDepositAmt).toFixed(2),
            actual: total.toFixed(2),
          });
        const bank = requireRef(this.company, "GL_BankCode", [dep.BankCode ?? ""], "BankCode");
        const gl: GlEntry[] = [];
        if (total !== 0) gl.push(signed(String(bank.CashAcctKey), total, `Deposit ${String(dep.DepositNo)}`));
        for (const r of receipts) {
          const h = r.header;
          const division = requireRef(this.company, "AR_Division", [h.ARDivisionNo ?? ""], "ARDivisionNo");
          for (const l of r.lines) {
            const amount = Number(l.AmountPosted);
            const discount = Number(l.DiscountAmount);
            if (l.InvoiceNo) {
              const open = this.company
                .t("AR_OpenInvoice")
                .get([h.ARDivisionNo ?? "", h.CustomerNo ?? "", l.InvoiceNo, l.InvoiceType ?? "IN"]);
              if (!open)
                fail("INVOICE_NOT_OPEN", {
                  invoice: String(l.InvoiceNo),
                  division: String(h.ARDivisionNo),
                  customer: String(h.CustomerNo),
                });
              gl.push(
                signed(
                  String(division.ARAccountKey),
                  neg(sumAmounts([amount, discount])),
                  `Check ${String(h.CheckNo)}`,
                  String(l.InvoiceNo),
                ),
              );
              if (discount !== 0)
                gl.push(signed(String(division.DiscountAcctKey), discount, `Discount ${String(l.InvoiceNo)}`));
            } else gl.push(signed(String(l.AccountKey), neg(amount), `Check ${String(h.CheckNo)}`));
          }
        }
        return { deposit: dep, receipts, gl };
      }),
    );
    validateGl(
      this.company,
      plans.flatMap((p) => p.gl),
      postingDate,
    );
    return plans;
  }

  protected apply(plans: ReceiptPlan[], postingDate: string, stamp: Stamp): void {
    const c = this.company;
    for (const p of plans) {
      const dep = p.deposit;
      for (const { header: h, lines } of p.receipts) {
        let applied = 0;
        lines.forEach((l, i) => {
          const amount = Number(l.AmountPosted);
          const discount = Number(l.DiscountAmount);
          const both = sumAmounts([amount, discount]);
          let balanceAfter = 0;
          if (l.InvoiceNo) {
            const open = c
              .t("AR_OpenInvoice")
              .get([h.ARDivisionNo ?? "", h.CustomerNo ?? "", l.InvoiceNo, l.InvoiceType ?? "IN"]);
            if (open) {
              balanceAfter = subAmounts(Number(open.Balance), both);
              c.save(
                "AR_OpenInvoice",
                { ...open, Balance: balanceAfter, PaymentsToday: subAmounts(Number(open.PaymentsToday), both) },
                stamp,
              );
              const payKey = [h.ARDivisionNo ?? "", h.CustomerNo ?? "", l.InvoiceNo, l.InvoiceType ?? "IN"];
              const seq = c.t("AR_TransactionPaymentHistory").lookup("KINVOICE", payKey).length;
              c.save(
                "AR_TransactionPaymentHistory",
                {
                  ARDivisionNo: h.ARDivisionNo ?? "",
                  CustomerNo: h.CustomerNo ?? "",
                  InvoiceNo: l.InvoiceNo,
                  InvoiceType: l.InvoiceType ?? "IN",
                  SequenceNo: String(seq + 1).padStart(6, "0"),
                  TransactionDate: dep.DepositDate ?? "",
                  TransactionType: "P",
                  TransactionAmt: amount,
                  DiscountAmount: discount,
                  CheckNo: h.CheckNo ?? "",
                  DepositNo: dep.DepositNo ?? "",
                  PostingDate: postingDate,
                },
                stamp,
              );
            }
            applied = sumAmounts([applied, both]);
          }
          c.save(
            "AR_CashReceiptsHistory",
            {
              BankCode: dep.BankCode ?? "",
              DepositDate: dep.DepositDate ?? "",
              DepositNo: dep.DepositNo ?? "",
              DepositType: h.DepositType ?? "C",
              ARDivisionNo: h.ARDivisionNo ?? "",
              CustomerNo: h.CustomerNo ?? "",
              CreditCardEntryNo: h.CreditCardEntryNo ?? "",
              CheckNo: h.CheckNo ?? "",
              SequenceNo: String(i + 1).padStart(6, "0"),
              InvoiceNo: l.InvoiceNo ?? "",
              InvoiceType: l.InvoiceType ?? "IN",
              AccountKey: l.AccountKey ?? "",
              CashAmountApplied: amount,
              DiscountAmountApplied: discount,
              InvoiceBalance: balanceAfter,
              PostingDate: postingDate,
              PaymentType: h.DepositType ?? "C",
            },
            stamp,
          );
          c.t("AR_CashReceiptsDetail").deleteByPk(c.t("AR_CashReceiptsDetail").keyOf(l));
        });
        const cust = c.t("AR_Customer").get([h.ARDivisionNo ?? "", h.CustomerNo ?? ""]);
        if (cust)
          c.save(
            "AR_Customer",
            {
              ...cust,
              CurrentBalance: subAmounts(Number(cust.CurrentBalance), applied),
              DateLastPayment: dep.DepositDate ?? "",
            },
            stamp,
          );
        c.remove(
          "AR_CashReceiptsHeader",
          ["DepositNo", "ARDivisionNo", "CustomerNo", "CheckNo", "CreditCardEntryNo"].map((k) => h[k] ?? ""),
        );
      }
      c.remove("AR_CashReceiptsDeposit", [dep.DepositNo ?? ""]);
    }
    postGl(
      c,
      "CR",
      postingDate,
      plans.flatMap((p) => p.gl),
      stamp,
      true,
    );
  }
}
