// Document (entry) and update (posting) objects for NewObject, with the UI task whose rights each needs.
import type { ObjectClass } from "../boi/registry";
import { ApInvoiceRegisterUpd } from "../posting/ap-invoice-register";
import { ApManualCheckRegisterUpd } from "../posting/ap-manual-check-register";
import { ArSalesJournalUpd } from "../posting/ar-sales-journal";
import { ArCashReceiptsJournalUpd } from "../posting/cash-receipts-journal";
import { GlGeneralJournalUpd } from "../posting/gl-journal-update";
import { SoSalesJournalUpd } from "../posting/so-sales-journal";
import { ApInvoiceBus } from "./ap-invoice";
import { ApManualCheckBus } from "./ap-manual-check";
import { ArCashReceiptsBus, ArCashReceiptsDepositBus } from "./ar-cash-receipts";
import { ArInvoiceBus } from "./ar-invoice";
import { GlGeneralJournalBus } from "./gl-journal";
import { SoInvoiceBus } from "./so-invoice";
import { SoSalesOrderBus } from "./so-sales-order";

export const DOCUMENT_CLASSES: ObjectClass[] = [
  { name: "AR_Invoice_bus", kind: "bus", task: "AR_Invoice_ui", create: (c) => new ArInvoiceBus(c) },
  { name: "AR_SalesJournal_upd", kind: "upd", task: "AR_SalesJournal_ui", create: (c) => new ArSalesJournalUpd(c) },
  {
    name: "AR_CashReceiptsDeposit_bus",
    kind: "bus",
    task: "AR_CashReceipts_ui",
    create: (c) => new ArCashReceiptsDepositBus(c),
  },
  { name: "AR_CashReceipts_bus", kind: "bus", task: "AR_CashReceipts_ui", create: (c) => new ArCashReceiptsBus(c) },
  {
    name: "AR_CashReceiptsJournal_upd",
    kind: "upd",
    task: "AR_CashReceiptsJournal_ui",
    create: (c) => new ArCashReceiptsJournalUpd(c),
  },
  { name: "AP_Invoice_bus", kind: "bus", task: "AP_Invoice_ui", create: (c) => new ApInvoiceBus(c) },
  {
    name: "AP_InvoiceRegister_upd",
    kind: "upd",
    task: "AP_InvoiceRegister_ui",
    create: (c) => new ApInvoiceRegisterUpd(c),
  },
  { name: "AP_ManualCheck_bus", kind: "bus", task: "AP_ManualCheck_ui", create: (c) => new ApManualCheckBus(c) },
  {
    name: "AP_ManualCheckRegister_upd",
    kind: "upd",
    task: "AP_ManualCheckRegister_ui",
    create: (c) => new ApManualCheckRegisterUpd(c),
  },
  {
    name: "GL_GeneralJournal_bus",
    kind: "bus",
    task: "GL_GeneralJournal_ui",
    create: (c) => new GlGeneralJournalBus(c),
  },
  {
    name: "GL_GeneralJournal_upd",
    kind: "upd",
    task: "GL_GeneralJournalUpdate_ui",
    create: (c) => new GlGeneralJournalUpd(c),
  },
  { name: "SO_SalesOrder_bus", kind: "bus", task: "SO_SalesOrder_ui", create: (c) => new SoSalesOrderBus(c) },
  { name: "SO_Invoice_bus", kind: "bus", task: "SO_Invoice_ui", create: (c) => new SoInvoiceBus(c) },
  { name: "SO_SalesJournal_upd", kind: "upd", task: "SO_SalesJournal_ui", create: (c) => new SoSalesJournalUpd(c) },
];
