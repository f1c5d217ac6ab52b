// runtime: node
/**
 * Write items as amoCRM takes them: whether an entity read back already holds what an item
 * sets, the item that puts a before-image back, tags, enums and unioned values. Pure: no I/O,
 * and no operation kind here (those live in operations/).
 */
import { fieldValues, sameValues } from '../plan/transforms';
import { analyzeEmailValue } from '../../../shared/normalize/email';
import { analyzePhoneValue } from '../../../shared/normalize/phone';
import type { FieldValue } from '../plan/types';
import type { ApiObject } from './amo';

/** Entities per write request (amoCRM recommends at most 50), and per before-image read. */
export const WRITE_BATCH = 50;
export const READ_BATCH = 250;

const obj = (v: unknown): ApiObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : null);

export function tagsOf(entity: ApiObject): { id: number; name: string }[] {
  const list = obj(entity._embedded)?.tags;
  return Array.isArray(list)
    ? list.map((t) => obj(t)).filter((t): t is ApiObject => t !== null).map((t) => ({ id: Number(t.id), name: String(t.name ?? '') }))
    : [];
}

const SCALAR_SKIP = new Set(['custom_fields_values', 'tags_to_add', 'tags_to_delete', 'result', '_embedded', 'id', 'request_id']);
const same = (a: unknown, b: unknown): boolean => (a ?? null) === (b ?? null) || (a !== null && b !== null && a !== undefined && b !== undefined && String(a) === String(b));

/** True when the entity read back from the server already holds everything the item sets. */
export function itemApplied(item: ApiObject, current: ApiObject): boolean {
  for (const [key, value] of Object.entries(item)) {
    if (SCALAR_SKIP.has(key)) continue;
    if (!same(current[key], value)) return false;
  }
  if (Array.isArray(item.custom_fields_values)) {
    for (const f of item.custom_fields_values as { field_id: number; values: FieldValue[] | null }[]) {
      if (!sameValues(fieldValues(current, f.field_id), f.values ?? [])) return false;
    }
  }
  const tags = tagsOf(current);
  const has = (t: { id?: number; name?: string }) => tags.some((x) => (t.id !== undefined ? x.id === t.id : x.name === t.name));
  if (Array.isArray(item.tags_to_delete) && (item.tags_to_delete as { id?: number; name?: string }[]).some(has)) return false;
  if (Array.isArray(item.tags_to_add) && !(item.tags_to_add as { id?: number; name?: string }[]).every(has)) return false;
  return true;
}

/** The PATCH item that puts back what `item` changed, as the before-image had it; null if nothing to undo. */
export function inverseItem(item: ApiObject, before: ApiObject): ApiObject | null {
  const out: ApiObject = {};
  for (const [key, value] of Object.entries(item)) {
    if (SCALAR_SKIP.has(key)) continue;
    if (!same(before[key], value)) out[key] = before[key] ?? null;
  }
  if (Array.isArray(item.custom_fields_values)) {
    out.custom_fields_values = (item.custom_fields_values as { field_id: number }[]).map((f) => {
      const values = fieldValues(before, f.field_id);
      return { field_id: f.field_id, values: values.length ? values : null };
    });
  }
  const tags = tagsOf(before);
  if (Array.isArray(item.tags_to_delete)) {
    const back = (item.tags_to_delete as { id?: number }[]).filter((t) => tags.some((x) => x.id === t.id));
    if (back.length) out.tags_to_add = back.map((t) => ({ id: t.id }));
  }
  if (Array.isArray(item.tags_to_add)) {
    const added = (item.tags_to_add as { id?: number; name?: string }[]).filter((t) => !tags.some((x) => (t.id !== undefined ? x.id === t.id : x.name === t.name)));
    if (added.length) out.tags_to_delete = added.map((t) => (t.id !== undefined ? { id: t.id } : { name: t.name }));
  }
  return Object.keys(out).length ? out : null;
}

/** The name a field is looked up by (trimmed, case-insensitive). */
export const fieldNameKey = (name: unknown): string => String(name ?? '').trim().toLocaleLowerCase('ru');

/** enum value → enum id of a field definition as the API returns it */
export function enumMap(field: ApiObject | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of Array.isArray(field?.enums) ? (field.enums as unknown[]) : []) {
    const o = obj(e);
    if (o && typeof o.value === 'string' && typeof o.id === 'number' && !(o.value in out)) out[o.value] = o.id;
  }
  return out;
}

/** The API path of the entity a patch-mode operation writes. */
export function patchPath(entityType: string): string {
  return `/api/v4/${entityType}`;
}

/** The key two values are the same under: the E.164 number(s), or the lower-cased address(es). */
function valueKey(v: FieldValue, kind: 'phone' | 'email'): string {
  const text = String(v.value ?? '');
  if (kind === 'phone') {
    const numbers = analyzePhoneValue(text).numbers.map((n) => n.key);
    return numbers.length ? numbers.join(',') : text.trim().toLowerCase();
  }
  const addresses = analyzeEmailValue(text).addresses;
  return addresses.length ? addresses.join(',') : text.trim().toLowerCase();
}

/** The survivor's values, then every loser value it does not hold yet (nothing is dropped). */
export function unionValues(mine: readonly FieldValue[], theirs: readonly FieldValue[], kind: 'phone' | 'email'): FieldValue[] {
  const out = [...mine];
  const seen = new Set(mine.map((v) => valueKey(v, kind)));
  for (const v of theirs) {
    const key = valueKey(v, kind);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

export function isLinked(current: ApiObject, toType: string, toId: number): boolean {
  const list = obj(current._embedded)?.[toType];
  return Array.isArray(list) && list.some((x) => Number(obj(x)?.id) === toId);
}
