// runtime: node
/**
 * What the operation modules (push/operations) read from the snapshot to build their operations:
 * the deals, cards, fields and tags a request is about, validated against the snapshot. Kind-neutral:
 * each module turns these rows into operations of its own kind.
 */
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { fieldValues, sameValues } from './transforms';
import type { CrmEntity, FieldValue, FieldValuesParams } from './types';
import { accountLossReasons } from './loss-reason-suggest';

const LOST = 143;

/** Lost deals without a loss reason (the finding leads.lost_without_reason), or those of them among `ids`. */
export function lostDealsWithoutReason(db: SqliteDb, ids?: readonly number[]): { id: number; pipeline_id: number | null }[] {
  const rows = db
    .prepare(
      `SELECT id, pipeline_id FROM leads WHERE is_deleted = 0 AND status_id = ${LOST}
         AND (loss_reason_id IS NULL OR loss_reason_id = 0) ORDER BY id`,
    )
    .all() as { id: number; pipeline_id: number | null }[];
  const wanted = ids ? new Set(ids) : null;
  return wanted ? rows.filter((r) => wanted.has(r.id)) : rows;
}

/** One of the account's loss reasons, by name (case-insensitive) or id. */
export function findLossReason(db: SqliteDb, wanted: string): { id: number; name: string } {
  const all = accountLossReasons(db);
  const wantedName = wanted.trim().toLocaleLowerCase('ru');
  const byName = all.find((r) => r.name.trim().toLocaleLowerCase('ru') === wantedName);
  const byId = /^\d+$/.test(wanted.trim()) ? all.find((r) => r.id === Number(wanted.trim())) : undefined;
  const reason = byName ?? byId;
  if (!reason) throw new AppError('NOT_FOUND', `No loss reason "${wanted}" in this account. Known: ${all.map((r) => r.name).join(', ') || '(none)'}.`);
  return reason;
}

export interface FieldRef {
  entity: CrmEntity;
  id: number;
  kind: 'phone' | 'email';
}

/** The phone and e-mail fields of contacts and companies (from the definitions, else from the values). */
export function contactFields(db: SqliteDb, kinds: readonly ('phone' | 'email')[]): FieldRef[] {
  const rows = db
    .prepare(
      `SELECT entity_type, id, code, type FROM custom_fields WHERE entity_type IN ('contacts', 'companies') AND code IN ('PHONE', 'EMAIL')`,
    )
    .all() as { entity_type: CrmEntity; id: number; code: string }[];
  const fields: FieldRef[] = rows.map((r) => ({ entity: r.entity_type, id: r.id, kind: r.code === 'PHONE' ? 'phone' : 'email' }));
  // a snapshot without field definitions still knows the codes from the values
  const seen = new Set(fields.map((f) => `${f.entity}:${f.id}`));
  for (const r of db
    .prepare(
      `SELECT DISTINCT entity_type, field_id, field_code FROM field_values WHERE entity_type IN ('contacts', 'companies') AND field_code IN ('PHONE', 'EMAIL')`,
    )
    .all() as { entity_type: CrmEntity; field_id: number; field_code: string }[]) {
    if (!seen.has(`${r.entity_type}:${r.field_id}`)) fields.push({ entity: r.entity_type, id: r.field_id, kind: r.field_code === 'PHONE' ? 'phone' : 'email' });
  }
  return fields.filter((f) => kinds.includes(f.kind));
}

/** The live cards whose values of `fields` the transform changes, with the fields it changes (contacts, then companies). */
export function entitiesChangedBy(
  db: SqliteDb,
  fields: FieldRef[],
  transform: (values: FieldValue[], f: FieldRef) => FieldValue[],
): { entity: 'contacts' | 'companies'; id: number; fields: FieldValuesParams['fields'] }[] {
  const out: { entity: 'contacts' | 'companies'; id: number; fields: FieldValuesParams['fields'] }[] = [];
  for (const entity of ['contacts', 'companies'] as const) {
    const mine = fields.filter((f) => f.entity === entity);
    if (mine.length === 0) continue;
    const ids = db
      .prepare(
        `SELECT DISTINCT v.entity_id AS id FROM field_values v JOIN ${entity} e ON e.id = v.entity_id AND e.is_deleted = 0
         WHERE v.entity_type = ? AND v.field_id IN (${mine.map(() => '?').join(',')}) ORDER BY v.entity_id`,
      )
      .all(entity, ...mine.map((f) => f.id)) as { id: number }[];
    const raw = db.prepare(`SELECT raw FROM ${entity} WHERE id = ?`);
    for (const { id } of ids) {
      const row = raw.get(id) as { raw: string } | undefined;
      if (!row) continue;
      const entityObj = JSON.parse(row.raw) as Record<string, unknown>;
      const changed = mine.filter((f) => {
        const before = fieldValues(entityObj, f.id);
        return before.length > 0 && !sameValues(before, transform(before, f));
      });
      if (changed.length > 0) out.push({ entity, id, fields: changed.map((f) => ({ id: f.id, kind: f.kind })) });
    }
  }
  return out;
}

/**
 * Every value of a field in the snapshot, per entity, as the API wrote them (typed: a checkbox's
 * boolean, a date's timestamp; enum ids and codes kept), from the entities' raw JSON.
 */
export function valuesOfField(db: SqliteDb, entity: CrmEntity, fieldId: number): Map<number, FieldValue[]> {
  const byEntity = new Map<number, FieldValue[]>();
  const raw = db.prepare(`SELECT raw FROM ${entity} WHERE id = ?`);
  for (const r of db
    .prepare('SELECT DISTINCT entity_id FROM field_values WHERE entity_type = ? AND field_id = ? ORDER BY entity_id')
    .all(entity, fieldId) as { entity_id: number }[]) {
    const row = raw.get(r.entity_id) as { raw: string } | undefined;
    const fromRaw = row ? fieldValues(JSON.parse(row.raw) as Record<string, unknown>, fieldId) : [];
    if (fromRaw.length > 0) byEntity.set(r.entity_id, fromRaw);
    else {
      // no raw copy: the values table (text only)
      const list = (db.prepare('SELECT value, enum_id FROM field_values WHERE entity_type = ? AND field_id = ? AND entity_id = ? ORDER BY idx').all(entity, fieldId, r.entity_id) as {
        value: string | null;
        enum_id: number | null;
      }[]).map((v) => (v.enum_id !== null ? { value: v.value, enum_id: v.enum_id } : { value: v.value }));
      byEntity.set(r.entity_id, list);
    }
  }
  return byEntity;
}

