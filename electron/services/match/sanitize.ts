// runtime: node
/**
 * The tolerant reader's gate into matching (issue 12): an entity as amoCRM sent it (or as a
 * JSONL line has it) may carry a number where a name was expected, a null list, a value of an
 * unexpected type. Matching reads only the typed shape of AmoEntity, so each entity is
 * coerced to it here: strings stay, numbers become strings, anything else becomes null; lists
 * that are not arrays become empty; items that are not objects are skipped. A well-formed
 * entity is returned as is (no copy).
 */
import type { AmoCustomField, AmoEntity, AmoFieldValue } from './types';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const numOrNull = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};
const okText = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
const okNum = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v));

function fieldWellFormed(f: unknown): boolean {
  if (!isObj(f)) return false;
  if (!okText(f.field_code) || !okText(f.field_name) || !okText(f.field_type) || !okNum(f.field_id)) return false;
  if (f.values === undefined || f.values === null) return true;
  if (!Array.isArray(f.values)) return false;
  return f.values.every((v) => isObj(v) && okNum(v.enum_id) && okText(v.enum_code));
}

function wellFormed(e: Record<string, unknown>): boolean {
  if (!(typeof e.id === 'number' || typeof e.id === 'string')) return false;
  for (const k of ['name', 'first_name', 'last_name', '_source'] as const) if (!okText(e[k])) return false;
  for (const k of ['responsible_user_id', 'created_at', 'updated_at'] as const) if (!okNum(e[k])) return false;
  const cfv = e.custom_fields_values;
  if (cfv === undefined || cfv === null) return true;
  return Array.isArray(cfv) && cfv.every(fieldWellFormed);
}

function toField(f: Record<string, unknown>): AmoCustomField {
  const values: AmoFieldValue[] = Array.isArray(f.values)
    ? f.values.filter(isObj).map((v) => ({ value: v.value, enum_id: numOrNull(v.enum_id), enum_code: text(v.enum_code) }))
    : [];
  const id = numOrNull(f.field_id);
  return { ...(id !== null ? { field_id: id } : {}), field_name: text(f.field_name), field_code: text(f.field_code), field_type: text(f.field_type), values };
}

/** The entity in the shape matching reads; null for something that is not an entity with an id. */
export function toAmoEntity(raw: unknown): AmoEntity | null {
  if (!isObj(raw)) return null;
  if (wellFormed(raw)) return raw as unknown as AmoEntity;
  const id = typeof raw.id === 'number' || typeof raw.id === 'string' ? raw.id : null;
  if (id === null) return null;
  return {
    id,
    name: text(raw.name),
    first_name: text(raw.first_name),
    last_name: text(raw.last_name),
    responsible_user_id: numOrNull(raw.responsible_user_id),
    created_at: numOrNull(raw.created_at),
    updated_at: numOrNull(raw.updated_at),
    custom_fields_values: Array.isArray(raw.custom_fields_values) ? raw.custom_fields_values.filter(isObj).map(toField) : null,
    ...(raw._source !== undefined ? { _source: text(raw._source) } : {}),
  };
}

/** Every entity coerced (the same array when all are well-formed); items that are not entities are dropped. */
export function toAmoEntities(list: readonly unknown[]): readonly AmoEntity[] {
  let changed = false;
  const out: AmoEntity[] = [];
  for (const raw of list) {
    const e = toAmoEntity(raw);
    if (e !== raw) changed = true;
    if (e) out.push(e);
  }
  return changed ? out : (list as readonly AmoEntity[]);
}
