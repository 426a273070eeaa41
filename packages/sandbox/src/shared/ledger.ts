/**
 * Append-only, in-memory record of what an emulator did (messages sent, webhooks delivered and what the
 * receiving app answered...). Tests and the sandbox UI read it instead of poking at emulator internals.
 */
export interface LedgerMeta {
  /** Monotonic sequence number, 1-based, unique within one ledger. */
  seq: number;
  /** ISO 8601 timestamp from the emulator's (possibly virtual) clock. */
  at: string;
}

export type LedgerRecord<E> = E & LedgerMeta;

export type LedgerListener<E> = (entry: LedgerRecord<E>) => void;

export interface Ledger<E extends { kind: string }> {
  record(entry: E): LedgerRecord<E>;
  /** Entries in insertion order, optionally filtered. */
  entries(filter?: (entry: LedgerRecord<E>) => boolean): Array<LedgerRecord<E>>;
  /** Entries of one kind, typed by that kind. */
  ofKind<K extends E['kind']>(kind: K): Array<LedgerRecord<Extract<E, { kind: K }>>>;
  /** Subscribe to new entries; returns an unsubscribe function. */
  subscribe(listener: LedgerListener<E>): () => void;
  clear(): void;
}

export function createLedger<E extends { kind: string }>(now: () => Date = () => new Date()): Ledger<E> {
  const items: Array<LedgerRecord<E>> = [];
  const listeners = new Set<LedgerListener<E>>();
  let seq = 0;
  return {
    record(entry) {
      const full = { ...entry, seq: ++seq, at: now().toISOString() } as LedgerRecord<E>;
      items.push(full);
      for (const listener of listeners) listener(full);
      return full;
    },
    entries: (filter) => (filter ? items.filter(filter) : [...items]),
    ofKind: <K extends E['kind']>(kind: K) =>
      items.filter((e) => e.kind === kind) as Array<LedgerRecord<Extract<E, { kind: K }>>>,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      items.length = 0;
    },
  };
}
