// Public surface of the KashFlow sandbox.
export { createKashflowSandbox } from "./sandbox";
export type { KashflowSandbox, KashflowSandboxOptions, RunningSandbox } from "./sandbox";
export type { CreateAccountInput, CreatedAccount } from "./accounts";
export type { BehaviourConfig, BehaviourPatch, OAuthConfig } from "./config";
export { DEFAULT_BEHAVIOUR, DEFAULT_OAUTH } from "./config";
export type { FaultInput, FaultKind, FaultRule } from "./faults";
export { ADMIN_HEADER } from "./admin";
