// runtime: node
/**
 * The snapshot's meta table (migration 0001: key → value; account, base URL, times, status,
 * warnings, shapes not understood) belongs to the snapshot capability: others read and write it
 * through these functions, never through its SQL. Readers take a DbReader, writers a DbWriter.
 */
import { hasTable, type DbReader, type DbWriter } from '../db/handles';

/** The value of key; null when the key or the whole meta table (a foreign or empty file) is missing. */
export function readMeta(db: DbReader, key: string): string | null {
  if (!hasTable(db, 'meta')) return null;
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string | null } | undefined)?.value ?? null;
}

/** Whether key is recorded at all (its value may be null). */
export function hasMetaKey(db: DbReader, key: string): boolean {
  return hasTable(db, 'meta') && db.prepare('SELECT 1 FROM meta WHERE key = ?').get(key) !== undefined;
}

export function writeMeta(db: DbWriter, key: string, value: string | number | null): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value === null ? null : String(value));
}

export function deleteMeta(db: DbWriter, key: string): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
}
