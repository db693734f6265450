// Opening a BOI session, written once for both drivers: Init, SY_Session, user, company (spec §1.1).
import { BoiFailure, SessionLostError } from "./boi-failure";
import type { BoiScript, BoiSession } from "./boi-types";
import type { BoiHandle } from "./types";

export type SessionSettings = { homePath: string; user: string; password: string; company: string };

export function openBoiSession(script: BoiScript, makeRef: BoiHandle["makeRef"], settings: SessionSettings): BoiHandle {
  script.Init(settings.homePath);
  const session = script.NewObject("SY_Session") as BoiSession;
  try {
    if (session.nSetUser(settings.user, settings.password) !== 1) refused(session, "nSetUser");
    if (session.nSetCompany(settings.company.toUpperCase()) !== 1) refused(session, "nSetCompany");
  } catch (error) {
    closeBoiSession(session);
    throw error;
  }
  return { script, session, makeRef, company: settings.company.toUpperCase() };
}

function refused(session: BoiSession, call: string): never {
  const message = String(session.sLastErrorMsg ?? "").trim();
  // A refusal without any message is a COM server that stopped answering, not a wrong password.
  if (!message)
    throw new SessionLostError(`Sage 100 did not answer ${call}: the ProvideX COM server is not responding.`);
  throw new BoiFailure(message, { call });
}

/** nCleanup + DropObject, ignoring failures of an already dead session. */
export function closeBoiSession(session: BoiSession): void {
  try {
    session.nCleanup();
  } catch {
    // a dead session cannot clean up; dropping it below frees the licence seat
  }
  try {
    session.DropObject();
  } catch {
    // already released
  }
}
