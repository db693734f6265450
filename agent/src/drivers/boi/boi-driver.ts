// The Windows driver: BOI sessions over COM (winax) and reads over the ProvideX ODBC driver.
import { closeBoiSession, openBoiSession } from "../open-session";
import { SessionPool } from "../session-pool";
import type { Sage100Driver } from "../types";
import { createComScript, makeComRef, releaseCom } from "./com-binding";
import { createOdbcReader } from "./odbc-binding";

export type BoiDriverSettings = {
  /** <Sage root>\MAS90\Home (UNC paths work). */
  homePath: string;
  user: string;
  password: string;
  company: string;
  /** DSN-less string or "DSN=..."; spec §4 shows the silent-DSN form. */
  odbcConnectionString: string;
  maxSessions?: number;
};

export function createBoiDriver(settings: BoiDriverSettings): Sage100Driver {
  const pool = new SessionPool({
    max: settings.maxSessions ?? 1,
    open: () => openBoiSession(createComScript(), makeComRef, settings),
    close: (handle) => {
      closeBoiSession(handle.session);
      releaseCom(handle.session, handle.script);
    },
  });
  const odbc = createOdbcReader(settings.odbcConnectionString);
  return {
    name: "boi",
    company: settings.company.toUpperCase(),
    odbc,
    withSession: (fn) => pool.use(fn),
    sessionStats: () => pool.stats(),
    drain: () => pool.drain(),
    resume: () => pool.resume(),
    async close() {
      await pool.close();
      await odbc.close();
    },
  };
}
