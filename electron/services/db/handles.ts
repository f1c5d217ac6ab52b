// runtime: node
/**
 * Typed handles on a snapshot file (as Signal-Desktop's DataReader / DataWriter): a store's
 * read functions take a DbReader, whose statements have no run(), so a reader cannot write
 * through the type system; write functions take a DbWriter (the full connection). A capability
 * owns its tables behind its store module (audit/store.ts, match/store.ts, snapshot/meta.ts...);
 * other capabilities call its functions, never its SQL.
 */
import type { SqliteDb } from './open';

/** A prepared statement that can only read. */
export interface ReadStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  pluck(toggle?: boolean): ReadStatement;
  raw(toggle?: boolean): ReadStatement;
}

/** A snapshot connection seen by a reader: statements that read, nothing that writes. */
export interface DbReader {
  prepare(sql: string): ReadStatement;
  readonly readonly: boolean;
}

/** A snapshot connection that may write (a store's write functions take it). */
export type DbWriter = SqliteDb;

/** Whether the file has the table (older files and foreign ones may lack a capability's tables). */
export function hasTable(db: DbReader, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** A writer is also a reader (checked here by the compiler). */
export const asReader = (db: DbWriter): DbReader => db;
