// Every company table, in a stable order (used by seed, persistence, inspection and ODBC).
import type { TableDef } from "../schema";
import { AP_TABLES } from "./ap";
import { AR_TABLES } from "./ar";
import { CI_IM_TABLES } from "./ci-im";
import { GL_SY_TABLES } from "./gl-sy";
import { SO_TABLES } from "./so";

export const ALL_TABLES: readonly TableDef[] = [
  ...AR_TABLES,
  ...AP_TABLES,
  ...CI_IM_TABLES,
  ...SO_TABLES,
  ...GL_SY_TABLES,
];
