// runtime: node
/**
 * The WRITE side of the store for anonymization: the rows of the core tables that carry personal
 * values, read and rewritten table by table. The caller maps each row to its new values; the SQL
 * (which columns are read, which are written, the key) stays here.
 */
import type { DbWriter } from '../../db/handles';

/** The rows read per table, and the values a rewrite gives back. */
export interface PersonalTables {
  contacts: {
    row: { id: number; name: string | null; first_name: string | null; last_name: string | null; raw: string };
    next: { name: string | null; first_name: string | null; last_name: string | null; raw: string | null };
  };
  companies: { row: { id: number; name: string | null; raw: string }; next: { name: string | null; raw: string | null } };
  leads: { row: { id: number; name: string | null; raw: string }; next: { name: string | null; raw: string | null } };
  users: { row: { id: number; name: string | null; email: string | null; raw: string }; next: { name: string | null; email: string | null; raw: string | null } };
  field_values: {
    row: { entity_type: string; entity_id: number; field_id: number; idx: number; field_code: string | null; field_type: string | null; value: string };
    next: { value: string | null };
  };
  tasks: {
    row: { id: number; text: string | null; result_text: string | null; entity_type: string | null; raw: string };
    next: { text: string | null; result_text: string | null; raw: string | null };
  };
  notes: { row: { entity_type: string; id: number; raw: string }; next: { raw: string | null } };
  events: {
    row: { id: string; entity_type: string | null; value_after: string | null; value_before: string | null; raw: string };
    next: { value_after: string | null; value_before: string | null; raw: string | null };
  };
}
export type PersonalTable = keyof PersonalTables;

type Spec<K extends PersonalTable> = {
  select: string;
  update: string;
  args: (next: PersonalTables[K]['next'], row: PersonalTables[K]['row']) => unknown[];
};

const SPECS: { [K in PersonalTable]: Spec<K> } = {
  contacts: {
    select: 'SELECT id, name, first_name, last_name, raw FROM contacts',
    update: 'UPDATE contacts SET name = ?, first_name = ?, last_name = ?, raw = ? WHERE id = ?',
    args: (n, r) => [n.name, n.first_name, n.last_name, n.raw, r.id],
  },
  companies: {
    select: 'SELECT id, name, raw FROM companies',
    update: 'UPDATE companies SET name = ?, raw = ? WHERE id = ?',
    args: (n, r) => [n.name, n.raw, r.id],
  },
  leads: {
    select: 'SELECT id, name, raw FROM leads',
    update: 'UPDATE leads SET name = ?, raw = ? WHERE id = ?',
    args: (n, r) => [n.name, n.raw, r.id],
  },
  users: {
    select: 'SELECT id, name, email, raw FROM users',
    update: 'UPDATE users SET name = ?, email = ?, raw = ? WHERE id = ?',
    args: (n, r) => [n.name, n.email, n.raw, r.id],
  },
  field_values: {
    select: 'SELECT entity_type, entity_id, field_id, idx, field_code, field_type, value FROM field_values WHERE value IS NOT NULL',
    update: 'UPDATE field_values SET value = ? WHERE entity_type = ? AND entity_id = ? AND field_id = ? AND idx = ?',
    args: (n, r) => [n.value, r.entity_type, r.entity_id, r.field_id, r.idx],
  },
  tasks: {
    select: 'SELECT id, text, result_text, entity_type, raw FROM tasks',
    update: 'UPDATE tasks SET text = ?, result_text = ?, raw = ? WHERE id = ?',
    args: (n, r) => [n.text, n.result_text, n.raw, r.id],
  },
  notes: {
    select: 'SELECT entity_type, id, raw FROM notes',
    update: 'UPDATE notes SET raw = ? WHERE entity_type = ? AND id = ?',
    args: (n, r) => [n.raw, r.entity_type, r.id],
  },
  events: {
    select: 'SELECT id, entity_type, value_after, value_before, raw FROM events',
    update: 'UPDATE events SET value_after = ?, value_before = ?, raw = ? WHERE id = ?',
    args: (n, r) => [n.value_after, n.value_before, n.raw, r.id],
  },
};

/**
 * Maps every row of a table to its new personal values and, when `write`, stores them (a
 * collecting pass only reads). `signal` is checked every 5 000 rows. Returns the rows seen.
 */
export function rewritePersonalRows<K extends PersonalTable>(
  db: DbWriter,
  table: K,
  map: (row: PersonalTables[K]['row']) => PersonalTables[K]['next'],
  write: boolean,
  signal?: AbortSignal,
): number {
  const spec = SPECS[table] as Spec<K>;
  const stmt = db.prepare(spec.update);
  let n = 0;
  for (const row of db.prepare(spec.select).all() as PersonalTables[K]['row'][]) {
    const next = map(row);
    if (write) stmt.run(...spec.args(next, row));
    n++;
    if (n % 5000 === 0) signal?.throwIfAborted();
  }
  return n;
}
