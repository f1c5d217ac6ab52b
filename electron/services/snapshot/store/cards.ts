// runtime: node
/** Contacts and companies (the cards) of a snapshot: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';

export type CardTable = 'contacts' | 'companies';

export interface CardRow {
  id: number;
  name: string | null;
}

/** Cards not deleted, by id. */
export function liveCards(db: DbReader, table: CardTable): CardRow[] {
  return (
    table === 'contacts'
      ? db.prepare('SELECT id, name FROM contacts WHERE is_deleted = 0 ORDER BY id')
      : db.prepare('SELECT id, name FROM companies WHERE is_deleted = 0 ORDER BY id')
  ).all() as CardRow[];
}

/**
 * Summary rows [id, name, phones and e-mails joined by ", "] of the cards whose ids are in the
 * JSON array `idsJson` (any order).
 */
export function cardSummaries(db: DbReader, table: CardTable, idsJson: string): [number, string, string | null][] {
  return db
    .prepare(
      `SELECT c.id, coalesce(c.name, ''),
              (SELECT group_concat(fv.value, ', ') FROM field_values fv
               WHERE fv.entity_type = '${table}' AND fv.entity_id = c.id AND fv.field_code IN ('PHONE', 'EMAIL') AND fv.value IS NOT NULL)
       FROM ${table} c WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(idsJson) as [number, string, string | null][];
}

/** The raw JSON (as amoCRM sent it) of every live card, by id. */
export function liveCardRaws(db: DbReader, table: CardTable): { raw: string }[] {
  return (
    table === 'contacts'
      ? db.prepare('SELECT raw FROM contacts WHERE is_deleted = 0 ORDER BY id')
      : db.prepare('SELECT raw FROM companies WHERE is_deleted = 0 ORDER BY id')
  ).all() as { raw: string }[];
}

/** A card's {id, name} by id (deleted ones too): one prepared statement, asked per card. */
export function cardNameLookup(db: DbReader, table: CardTable): (id: number) => CardRow | undefined {
  const stmt = table === 'contacts' ? db.prepare('SELECT id, name FROM contacts WHERE id = ?') : db.prepare('SELECT id, name FROM companies WHERE id = ?');
  return (id) => stmt.get(id) as CardRow | undefined;
}

/** A card's raw JSON and responsible user by id: one prepared statement, asked per card. */
export function cardRawLookup(db: DbReader, table: CardTable): (id: number) => { raw: string; r: number | null } | undefined {
  const stmt =
    table === 'contacts'
      ? db.prepare('SELECT raw, responsible_user_id AS r FROM contacts WHERE id = ?')
      : db.prepare('SELECT raw, responsible_user_id AS r FROM companies WHERE id = ?');
  return (id) => stmt.get(id) as { raw: string; r: number | null } | undefined;
}

/** A card's name ('' when null) by id: one prepared statement, asked per card. */
export function cardDisplayName(db: DbReader, table: CardTable): (id: number) => { name: string } | undefined {
  const stmt =
    table === 'contacts'
      ? db.prepare("SELECT coalesce(name, '') AS name FROM contacts WHERE id = ?")
      : db.prepare("SELECT coalesce(name, '') AS name FROM companies WHERE id = ?");
  return (id) => stmt.get(id) as { name: string } | undefined;
}

/** Whether a live contact with this id exists: one prepared statement, asked per contact. */
export function liveContactExists(db: DbReader): (id: number) => boolean {
  const stmt = db.prepare('SELECT 1 FROM contacts WHERE id = ? AND is_deleted = 0');
  return (id) => stmt.get(id) !== undefined;
}
