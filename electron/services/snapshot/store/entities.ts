// runtime: node
/**
 * What every entity table (contacts, companies, leads) and the activity tables (tasks, notes,
 * events) have in common: counts, raw JSON by id, update times. The table is one of a closed union,
 * so the SQL built here names only snapshot tables.
 */
import type { DbReader } from '../../db/handles';

/** Tables of entities with an id, a raw JSON, an updated_at and an is_deleted flag. */
export type EntityTable = 'contacts' | 'companies' | 'leads';
/** Tables whose rows can be counted by compare and diagnostics. */
export type CountedTable = EntityTable | 'tasks' | 'notes' | 'events';

/** Rows of a table; `liveOnly` counts only those not deleted (entity tables). */
export function rowCount(db: DbReader, table: CountedTable, liveOnly: boolean): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}${liveOnly ? ' WHERE is_deleted = 0' : ''}`).get() as { n: number }).n;
}

/** [id, updated_at] of every row of an entity table (deleted ones too). */
export function updatedAtRows(db: DbReader, table: EntityTable): [number, number | null][] {
  return db.prepare(`SELECT id, updated_at FROM ${table}`).raw().all() as [number, number | null][];
}

/** [id, updated_at, raw updated_by] of every row of an entity table (deleted ones too). */
export function updatedByRows(db: DbReader, table: EntityTable): [number, number | null, number | null][] {
  return db.prepare(`SELECT id, updated_at, json_extract(raw, '$.updated_by') FROM ${table}`).raw().all() as [number, number | null, number | null][];
}

/**
 * The texts that name people and companies: the account's name, users' names and e-mails, the
 * names of contacts, companies and leads, streamed in that order. A table the file lacks (a
 * foreign or older file) is skipped.
 */
export function* namingTexts(db: DbReader): Generator<unknown> {
  const queries = [
    'SELECT name AS v FROM account',
    'SELECT name AS v FROM users UNION ALL SELECT email FROM users',
    'SELECT name AS v FROM contacts',
    'SELECT name AS v FROM companies',
    'SELECT name AS v FROM leads',
  ];
  for (const sql of queries) {
    try {
      for (const row of db.prepare(sql).iterate() as Iterable<{ v: unknown }>) yield row.v;
    } catch {
      // a table this file does not have: nothing to add
    }
  }
}

/** An entity's raw JSON (as amoCRM sent it), deleted ones too; undefined when the file lacks it. */
export function entityRaw(db: DbReader, table: EntityTable, id: number): { raw: string } | undefined {
  return db.prepare(`SELECT raw FROM ${table} WHERE id = ?`).get(id) as { raw: string } | undefined;
}

/** [id, name, responsible, created, updated] of every live card (contacts or companies), by id, streamed. */
export function liveCardListStream(
  db: DbReader,
  table: 'contacts' | 'companies',
): IterableIterator<[number, string | null, number | null, number | null, number | null]> {
  const sql = `SELECT id, name, responsible_user_id, created_at, updated_at FROM ${table} WHERE is_deleted = 0 ORDER BY id`;
  return db.prepare(sql).raw(true).iterate() as IterableIterator<[number, string | null, number | null, number | null, number | null]>;
}

/** An entity's raw JSON by id (deleted ones too): one prepared statement, asked per entity. */
export function entityRawLookup(db: DbReader, table: EntityTable): (id: number) => { raw: string } | undefined {
  const stmt = db.prepare(`SELECT raw FROM ${table} WHERE id = ?`);
  return (id) => stmt.get(id) as { raw: string } | undefined;
}

/** The snapshot's updated_at of an entity or task (null when missing or unknown). */
export function entityUpdatedAt(db: DbReader, table: EntityTable | 'tasks', id: number): number | null {
  return (db.prepare(`SELECT updated_at AS t FROM ${table} WHERE id = ?`).get(id) as { t: number | null } | undefined)?.t ?? null;
}

/** Ids of the live rows of an entity table. */
export function liveEntityIds(db: DbReader, table: EntityTable): number[] {
  return (db.prepare(`SELECT id FROM ${table} WHERE is_deleted = 0`).all() as { id: number }[]).map((r) => r.id);
}

/** A live entity's raw JSON by id (undefined when deleted or missing): one prepared statement, asked per entity. */
export function liveEntityRawLookup(db: DbReader, table: EntityTable): (id: number) => { raw: string } | undefined {
  const stmt = db.prepare(`SELECT raw FROM ${table} WHERE id = ? AND is_deleted = 0`);
  return (id) => stmt.get(id) as { raw: string } | undefined;
}
