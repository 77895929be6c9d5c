// Where a session is kept: IndexedDB in the page (session-db.ts), a Map in tests.
import type { PartName } from './session-parts';

export interface SessionBackend {
  /** every saved part, as stored (unchecked) */
  readParts(): Promise<Partial<Record<PartName, unknown>>>;
  /** writes the parts in one transaction: all of them or none */
  writeParts(parts: Partial<Record<PartName, unknown>>): Promise<void>;
  hasBlob(key: string): Promise<boolean>;
  writeBlob(key: string, bytes: ArrayBuffer): Promise<void>;
  readBlob(key: string): Promise<ArrayBuffer | undefined>;
  /** deletes every blob whose key is not in `keys` */
  keepBlobs(keys: ReadonlySet<string>): Promise<void>;
  clear(): Promise<void>;
}

/** A full storage quota, as the browser reports it (also when it aborts the transaction). */
export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  const inner = (e as { error?: { name?: string } } | null)?.error?.name;
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}
