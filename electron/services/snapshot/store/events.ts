// runtime: node
/** The events feed: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(',');

/** [lead id, created (0 when null), value_before, value_after] of every lead_status_changed event, by time then id. */
export function leadStatusChangeRows(db: DbReader): [number, number, string | null, string | null][] {
  return db
    .prepare(
      `SELECT entity_id, coalesce(created_at, 0), value_before, value_after FROM events
         WHERE type = 'lead_status_changed' AND entity_id IS NOT NULL ORDER BY created_at, id`,
    )
    .raw()
    .all() as [number, number, string | null, string | null][];
}

/** Counts the events of the given types created in (from, to]: one prepared statement, asked per window. */
export function eventCounter(db: DbReader, eventTypes: readonly string[]): (from: number, to: number) => number {
  const stmt = db.prepare(`SELECT count(*) AS n FROM events WHERE type IN (${marks(eventTypes.length)}) AND created_at > ? AND created_at <= ?`);
  return (from, to) => (stmt.get(...eventTypes, from, to) as { n: number }).n;
}

/** Notes plus events created in (from, to]. */
export function notesAndEventsBetween(db: DbReader, from: number, to: number): number {
  return (
    db
      .prepare('SELECT (SELECT count(*) FROM notes WHERE created_at > ? AND created_at <= ?) + (SELECT count(*) FROM events WHERE created_at > ? AND created_at <= ?) AS n')
      .get(from, to, from, to) as { n: number }
  ).n;
}

/**
 * [event id, lead id] of the events of the given types on live closed leads (won or lost, with a
 * close time), after the close and in (from, to], by time then id.
 */
export function leadEventsAfterClose(db: DbReader, eventTypes: readonly string[], from: number, to: number): [string, number][] {
  return db
    .prepare(
      `SELECT e.id, e.entity_id FROM events e JOIN leads l ON l.id = e.entity_id
       WHERE e.type IN (${marks(eventTypes.length)}) AND e.entity_type IN ('lead', 'leads')
         AND l.is_deleted = 0 AND l.status_id IN (142, 143) AND l.closed_at IS NOT NULL
         AND e.created_at > l.closed_at AND e.created_at > ? AND e.created_at <= ?
       ORDER BY e.created_at, e.id`,
    )
    .raw()
    .all(...eventTypes, from, to) as [string, number][];
}

/** Summary rows [id, type, entity type, entity id, created] of the events whose ids are in the JSON array `idsJson`. */
export function eventSummaries(db: DbReader, idsJson: string): [string, string, string, number, number | null][] {
  return db
    .prepare("SELECT id, type, coalesce(entity_type, ''), entity_id, created_at FROM events WHERE id IN (SELECT CAST(value AS TEXT) FROM json_each(?))")
    .raw()
    .all(idsJson) as [string, string, string, number, number | null][];
}

/** Ids of the events created at or after `from`. */
export function eventIdsSince(db: DbReader, from: number): string[] {
  return db.prepare('SELECT id FROM events WHERE created_at >= ?').pluck().all(from) as string[];
}

/** {id, type, userId (created_by)} of the events created at or after `from`. */
export function eventsSince(db: DbReader, from: number): { id: string; type: string; userId: number | null }[] {
  return db.prepare('SELECT id, type, created_by AS userId FROM events WHERE created_at >= ?').all(from) as { id: string; type: string; userId: number | null }[];
}
