// runtime: node
/**
 * What the operation modules (push/operations) read from the snapshot to build their operations:
 * the deals, cards, fields and tags a request is about, validated against the snapshot. Kind-neutral:
 * each module turns these rows into operations of its own kind.
 */
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import {
  cardCommFieldDefs,
  cardCommValueFields,
  entitiesWithValuesOf,
  entityRawLookup,
  liveCardsWithValuesOf,
  lostLeadsWithoutReason,
  storedFieldValues,
} from '../snapshot/store';
import { fieldValues, sameValues } from './transforms';
import type { CrmEntity, FieldValue, FieldValuesParams } from './types';
import { accountLossReasons } from './loss-reason-suggest';

/** Lost deals without a loss reason (the finding leads.lost_without_reason), or those of them among `ids`. */
export function lostDealsWithoutReason(db: SqliteDb, ids?: readonly number[]): { id: number; pipeline_id: number | null }[] {
  const rows = lostLeadsWithoutReason(db);
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
  const rows = cardCommFieldDefs(db);
  const fields: FieldRef[] = rows.map((r) => ({ entity: r.entity_type, id: r.id, kind: r.code === 'PHONE' ? 'phone' : 'email' }));
  // a snapshot without field definitions still knows the codes from the values
  const seen = new Set(fields.map((f) => `${f.entity}:${f.id}`));
  for (const r of cardCommValueFields(db)) {
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
    const ids = liveCardsWithValuesOf(
      db,
      entity,
      mine.map((f) => f.id),
    );
    const raw = entityRawLookup(db, entity);
    for (const id of ids) {
      const row = raw(id);
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
  const raw = entityRawLookup(db, entity);
  for (const entityId of entitiesWithValuesOf(db, entity, fieldId)) {
    const r = { entity_id: entityId };
    const row = raw(r.entity_id);
    const fromRaw = row ? fieldValues(JSON.parse(row.raw) as Record<string, unknown>, fieldId) : [];
    if (fromRaw.length > 0) byEntity.set(r.entity_id, fromRaw);
    else {
      // no raw copy: the values table (text only)
      const list = storedFieldValues(db, entity, fieldId, r.entity_id).map((v) => (v.enum_id !== null ? { value: v.value, enum_id: v.enum_id } : { value: v.value }));
      byEntity.set(r.entity_id, list);
    }
  }
  return byEntity;
}

