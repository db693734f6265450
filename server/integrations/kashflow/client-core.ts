// What every resource needs from the client: the HTTP pipeline and the switches.
import type { KashflowBehaviour, KashflowLimits } from "./config";
import type { KashflowHttp } from "./http";

export type ClientCore = {
  http: KashflowHttp;
  limits: KashflowLimits;
  behaviour: KashflowBehaviour;
};
