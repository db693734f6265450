// NewObject class table: object name (case-insensitive) -> kind, UI task checked for rights, constructor.
import type { ComBase } from "./com-object";
import type { ObjectContext } from "./data-object";
import { ApVendorBus } from "../objects/ap-vendor";
import { ArCustomerBus } from "../objects/ar-customer";
import { CiItemCodeBus } from "../objects/ci-item";
import { GlAccountBus } from "../objects/gl-account";
import { createServiceObject, SERVICE_OBJECTS } from "../objects/services";
import { DOCUMENT_CLASSES } from "../objects/documents-registry";

export interface ObjectClass {
  name: string;
  kind: "session" | "bus" | "svc" | "upd";
  /** UI task whose rights the user needs (bus/upd). */
  task?: string;
  create(ctx: ObjectContext): ComBase;
}

const CLASSES: ObjectClass[] = [
  {
    name: "SY_Session",
    kind: "session",
    create: () => {
      throw new Error("sessions are created by ProvideX.Script");
    },
  },
  { name: "AR_Customer_bus", kind: "bus", task: "AR_Customer_ui", create: (c) => new ArCustomerBus(c) },
  { name: "AP_Vendor_bus", kind: "bus", task: "AP_Vendor_ui", create: (c) => new ApVendorBus(c) },
  { name: "CI_ItemCode_bus", kind: "bus", task: "CI_ItemCode_ui", create: (c) => new CiItemCodeBus(c) },
  { name: "GL_Account_bus", kind: "bus", task: "GL_Account_ui", create: (c) => new GlAccountBus(c) },
  ...DOCUMENT_CLASSES,
  ...SERVICE_OBJECTS.map(
    ([name, table]): ObjectClass => ({ name, kind: "svc", create: (c) => createServiceObject(c, name, table) }),
  ),
];

const byName = new Map(CLASSES.map((c) => [c.name.toLowerCase(), c] as const));

export function findObjectClass(name: string): ObjectClass | undefined {
  return byName.get(name.toLowerCase());
}

export function objectClassNames(): string[] {
  return CLASSES.map((c) => c.name);
}
