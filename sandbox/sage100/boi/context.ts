// What BOI objects need from the simulator (kept as an interface so boi/ does not import the factory module).
import type { SimClock } from "../clock";
import type { FaultController, SessionFailureMode } from "../faults";
import type { Company, Stamp } from "../tables/company";
import type { LockManager } from "./locks";
import type { SimUser } from "./users";

/** The part of a session that fault injection and licence counting look at. */
export interface SessionHandle {
  readonly id: number;
  killed: SessionFailureMode | null;
  readonly holdsSeat: boolean;
  readonly released: boolean;
  kill(mode: SessionFailureMode): void;
}

export interface SimCore {
  readonly clock: SimClock;
  readonly faults: FaultController;
  readonly locks: LockManager;
  nextId(): number;
  acceptsHomePath(path: string): boolean;
  findUser(logon: string): SimUser | undefined;
  getCompany(code: string): Company | undefined;
  /** Licence seats configured (fault override applied). */
  licenseSeats(): number;
  seatsInUse(): number;
  registerSession(session: SessionHandle): void;
  unregisterSession(session: SessionHandle): void;
  /** Audit stamp for "now" by this user. */
  stamp(userKey: string): Stamp;
}
