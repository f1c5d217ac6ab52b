// runtime: node
import { createHash } from 'node:crypto';
import type { SqliteDb } from '../db/open';

/** Entity tables, each with the ORDER BY that makes its scan deterministic and the columns hashed. */
export const HASHED_TABLES: readonly { table: string; key: string; columns: string }[] = [
  { table: 'account', key: 'id', columns: 'id, raw' },
  { table: 'task_types', key: 'id', columns: 'id, raw' },
  { table: 'users', key: 'id', columns: 'id, raw' },
  { table: 'roles', key: 'id', columns: 'id, raw' },
  { table: 'pipelines', key: 'id', columns: 'id, raw' },
  { table: 'statuses', key: 'pipeline_id, id', columns: 'pipeline_id, id, raw' },
  { table: 'custom_fields', key: 'entity_type, id', columns: 'entity_type, id, raw' },
  { table: 'custom_field_groups', key: 'entity_type, id', columns: 'entity_type, id, raw' },
  { table: 'tags', key: 'entity_type, id', columns: "entity_type, id, name, coalesce(color, '')" },
  { table: 'loss_reasons', key: 'id', columns: 'id, raw' },
  { table: 'leads', key: 'id', columns: 'id, raw' },
  { table: 'contacts', key: 'id', columns: 'id, raw' },
  { table: 'companies', key: 'id', columns: 'id, raw' },
  { table: 'tasks', key: 'id', columns: 'id, raw' },
  { table: 'notes', key: 'entity_type, id', columns: 'entity_type, id, raw' },
  { table: 'events', key: 'id', columns: 'id, raw' },
];

/**
 * sha256 over every entity table's raw JSON, scanned in key order: two snapshots of the same
 * account content have the same hash whatever order the pages arrived in.
 */
export function contentHash(db: SqliteDb): string {
  const hash = createHash('sha256');
  for (const { table, key, columns } of HASHED_TABLES) {
    hash.update(`\u0000table:${table}\u0000`);
    const stmt = db.prepare(`SELECT ${columns} FROM ${table} ORDER BY ${key}`).raw(true);
    for (const row of stmt.iterate() as Iterable<unknown[]>) {
      hash.update(row.map((v) => String(v)).join('\u0001'));
      hash.update('\u0002');
    }
  }
  return hash.digest('hex');
}
