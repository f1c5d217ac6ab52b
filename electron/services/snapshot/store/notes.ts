// runtime: node
/** Notes (of leads, contacts, companies): read functions for other capabilities. */
import type { DbReader } from '../../db/handles';
import { PAIRS } from './pairs';

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(',');

/** Counts the notes of the given types created in (from, to]: one prepared statement, asked per window. */
export function noteCounter(db: DbReader, noteTypes: readonly string[]): (from: number, to: number) => number {
  const stmt = db.prepare(`SELECT count(*) AS n FROM notes WHERE note_type IN (${marks(noteTypes.length)}) AND created_at > ? AND created_at <= ?`);
  return (from, to) => (stmt.get(...noteTypes, from, to) as { n: number }).n;
}

/** Per user (responsible, else author): [user, call notes]. */
export function callNotesByUser(db: DbReader): [number | null, number][] {
  return db
    .prepare(
      `SELECT coalesce(responsible_user_id, created_by), count(*) FROM notes WHERE note_type IN ('call_in', 'call_out')
       GROUP BY coalesce(responsible_user_id, created_by)`,
    )
    .raw()
    .all() as [number | null, number][];
}

/**
 * [note id, lead id] of the lead notes of the given types created in (from, to] that have a twin on
 * a contact of the lead: same type, within a minute, same call id (params.uniq) or phone.
 */
export function leadNotesTwinnedOnContacts(db: DbReader, noteTypes: readonly string[], from: number, to: number): [number, number][] {
  const key = "coalesce(json_extract(%.raw, '$.params.uniq'), json_extract(%.raw, '$.params.phone'))";
  return db
    .prepare(
      `SELECT n.id, n.entity_id FROM notes n
       JOIN lead_contacts lc ON lc.lead_id = n.entity_id
       JOIN notes c ON c.entity_type IN ('contacts', 'contact') AND c.entity_id = lc.contact_id AND c.note_type = n.note_type
         AND abs(c.created_at - n.created_at) <= 60
         AND ${key.replaceAll('%', 'c')} = ${key.replaceAll('%', 'n')}
       WHERE n.entity_type IN ('leads', 'lead') AND n.note_type IN (${marks(noteTypes.length)})
         AND n.created_at > ? AND n.created_at <= ?
       GROUP BY n.id ORDER BY n.id`,
    )
    .raw()
    .all(...noteTypes, from, to) as [number, number][];
}

/**
 * [note id, lead id] of the notes of the given types on live closed leads (won or lost, with a
 * close time), written after the close and in (from, to], by note id.
 */
export function leadNotesAfterClose(db: DbReader, noteTypes: readonly string[], from: number, to: number): [number, number][] {
  return db
    .prepare(
      `SELECT n.id, n.entity_id FROM notes n JOIN leads l ON l.id = n.entity_id
       WHERE n.entity_type IN ('leads', 'lead') AND n.note_type IN (${marks(noteTypes.length)})
         AND l.is_deleted = 0 AND l.status_id IN (142, 143) AND l.closed_at IS NOT NULL
         AND n.created_at > l.closed_at AND n.created_at > ? AND n.created_at <= ?
       ORDER BY n.id`,
    )
    .raw()
    .all(...noteTypes, from, to) as [number, number][];
}

/** Summary rows [entity type, id, note type, entity id, created] of the [entity type, note id] pairs of `pairsJson`. */
export function noteSummaries(db: DbReader, pairsJson: string): [string, number, string, number, number | null][] {
  return db
    .prepare(
      `SELECT n.entity_type, n.id, coalesce(n.note_type, ''), n.entity_id, n.created_at FROM (${PAIRS}) k
   JOIN notes n ON n.entity_type = k.a AND n.id = CAST(k.b AS INTEGER)`,
    )
    .raw()
    .all(pairsJson) as [string, number, string, number, number | null][];
}

/** Streams [lead id, created, raw JSON] of every note on a lead. */
export function leadNoteStream(db: DbReader): IterableIterator<[number, number | null, string]> {
  return db.prepare("SELECT entity_id, created_at, raw FROM notes WHERE entity_type = 'leads'").raw(true).iterate() as IterableIterator<[number, number | null, string]>;
}

/** {entity id, note type, created, raw} of the notes of the given entities of a type, by time then id. */
export function notesOfEntities(
  db: DbReader,
  entityType: string,
  ids: readonly number[],
): { entity_id: number; note_type: string | null; created_at: number | null; raw: string }[] {
  return db
    .prepare(`SELECT entity_id, note_type, created_at, raw FROM notes WHERE entity_type = ? AND entity_id IN (${marks(ids.length)}) ORDER BY created_at, id`)
    .all(entityType, ...ids) as { entity_id: number; note_type: string | null; created_at: number | null; raw: string }[];
}
