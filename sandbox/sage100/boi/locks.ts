// Record locks and batch holds, owned by objects and scoped per session: another session is refused, the same
// session is not (spec §7.4/§7.5). Released by nWrite/nDelete/nClear/another nSetKey/DropObject/session drop.

interface Hold {
  sessionId: number;
  objectId: number;
}

class HoldTable {
  private readonly holds = new Map<string, Hold[]>();

  heldByOther(key: string, sessionId: number): boolean {
    return (this.holds.get(key) ?? []).some((h) => h.sessionId !== sessionId);
  }

  holders(key: string): readonly Hold[] {
    return this.holds.get(key) ?? [];
  }

  acquire(key: string, sessionId: number, objectId: number): boolean {
    if (this.heldByOther(key, sessionId)) return false;
    const list = this.holds.get(key) ?? [];
    if (!list.some((h) => h.objectId === objectId)) list.push({ sessionId, objectId });
    this.holds.set(key, list);
    return true;
  }

  release(key: string, objectId: number): void {
    const list = this.holds.get(key);
    if (!list) return;
    const rest = list.filter((h) => h.objectId !== objectId);
    if (rest.length) this.holds.set(key, rest);
    else this.holds.delete(key);
  }

  releaseWhere(pred: (h: Hold) => boolean): void {
    for (const [key, list] of this.holds) {
      const rest = list.filter((h) => !pred(h));
      if (rest.length) this.holds.set(key, rest);
      else this.holds.delete(key);
    }
  }

  count(): number {
    return this.holds.size;
  }

  clear(): void {
    this.holds.clear();
  }
}

export class LockManager {
  readonly records = new HoldTable();
  readonly batches = new HoldTable();

  static recordKey(company: string, table: string, pk: string): string {
    return `${company}\u0001${table}\u0001${pk}`;
  }

  static batchKey(company: string, module: string, batchType: string, batchNo: string): string {
    return `${company}\u0001${module}\u0001${batchType}\u0001${batchNo}`;
  }

  releaseObject(objectId: number): void {
    this.records.releaseWhere((h) => h.objectId === objectId);
    this.batches.releaseWhere((h) => h.objectId === objectId);
  }

  releaseSession(sessionId: number): void {
    this.records.releaseWhere((h) => h.sessionId === sessionId);
    this.batches.releaseWhere((h) => h.sessionId === sessionId);
  }

  clear(): void {
    this.records.clear();
    this.batches.clear();
  }
}
