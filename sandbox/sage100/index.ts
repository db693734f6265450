// Public surface of the Sage 100 simulator (self-contained: imports nothing from server/, app/ or lib/).
export {
  createSage100Simulator,
  Sage100Simulator,
  DEFAULT_HOME_PATH,
  type Sage100SimulatorOptions,
  type CompanyInfo,
  type SessionInfo,
} from "./simulator";
export { createSage100Server, type Sage100Server, type Sage100ServerOptions } from "./http/server";
export { ByRef, byRef, type ByRefLike } from "./boi/by-ref";
export { ComError, HRESULT } from "./boi/errors";
export type { ProvideXScript } from "./boi/script";
export type { SySession } from "./boi/session";
export type { BusinessObject } from "./boi/business-object";
export type { LinesObject } from "./boi/lines";
export type { UpdateObject } from "./boi/update-object";
export { ControllableClock, sageDate, sageTime, type SimClock } from "./clock";
export { MESSAGES, formatMessage, type MessageCode } from "./messages";
export type { FaultSettings, FaultPatch, SessionFailureMode } from "./faults";
export type { OdbcQuery, OdbcResult } from "./odbc/query";
export type { OdbcDialect } from "./odbc/sql";
export { OdbcError } from "./odbc/common";
export type { SeedTemplate } from "./seed";
export type { CompanyOptions } from "./tables/company";
