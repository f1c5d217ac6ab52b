// runtime: node
/**
 * What each operation kind sends, how the engine tells it was applied (reading the entity
 * back), and how it is undone from the before-image. Pure: no I/O here.
 */
import { fieldValues, normalizePhoneValues, sameValues, splitStuffedValues } from '../plan/transforms';
import { analyzeEmailValue } from '../../../shared/normalize/email';
import { analyzePhoneValue } from '../../../shared/normalize/phone';
import type {
  FieldValue,
  FieldValuesParams,
  FieldsToListParams,
  FillLossReasonParams,
  LinkParams,
  MergeMarkParams,
  MergeSurvivorParams,
  MergeTaskParams,
  OperationKind,
  OperationRow,
  RevertPatchParams,
  RevertTaskParams,
  RevertValuesParams,
  TagsDetachParams,
} from '../plan/types';
import type { ApiObject } from './amo';

/** How a kind is carried: a batched PATCH of entities, a batched POST of tasks, or one request per custom field. */
export type Mode = 'patch' | 'create-task' | 'delete-field' | 'create-field' | 'link' | 'create-note' | 'role' | 'private-merge';

export function modeOf(kind: OperationKind): Mode {
  switch (kind) {
    case 'tasks.create':
      return 'create-task';
    case 'fields.delete':
    case 'revert.drop_field':
      return 'delete-field';
    case 'revert.field':
    case 'fields.ensure':
      return 'create-field';
    case 'merge.link':
    case 'merge.unlink':
    case 'revert.link':
    case 'revert.unlink':
      return 'link';
    case 'merge.note':
      return 'create-note';
    case 'merge.undocumented':
      return 'private-merge';
    case 'roles.create':
    case 'rights.revoke_delete':
    case 'revert.role':
    case 'revert.drop_role':
      return 'role';
    default:
      return 'patch';
  }
}

/** Entities per write request (amoCRM recommends at most 50), and per before-image read. */
export const WRITE_BATCH = 50;
export const READ_BATCH = 250;

export const parseParams = <T>(op: Pick<OperationRow, 'params'>): T => JSON.parse(op.params) as T;

const obj = (v: unknown): ApiObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : null);

export function tagsOf(entity: ApiObject): { id: number; name: string }[] {
  const list = obj(entity._embedded)?.tags;
  return Array.isArray(list)
    ? list.map((t) => obj(t)).filter((t): t is ApiObject => t !== null).map((t) => ({ id: Number(t.id), name: String(t.name ?? '') }))
    : [];
}

export type Built = { item: ApiObject } | { noop: string } | { conflict: string };

/** The PATCH item (without id) for a patch-mode operation, computed from the entity as it is now. */
export function buildPatchItem(op: OperationRow, current: ApiObject): Built {
  switch (op.kind) {
    case 'fill.loss_reason': {
      const p = parseParams<FillLossReasonParams>(op);
      if (Number(current.status_id) !== 143) return { conflict: 'the deal is no longer lost' };
      if (Number(current.loss_reason_id ?? 0) === p.lossReasonId) return { noop: 'the deal already has this loss reason' };
      return { item: { status_id: 143, pipeline_id: current.pipeline_id ?? p.pipelineId, loss_reason_id: p.lossReasonId } };
    }
    case 'normalize.phones':
    case 'split.stuffed': {
      const p = parseParams<FieldValuesParams>(op);
      const cfv: { field_id: number; values: FieldValue[] }[] = [];
      for (const f of p.fields) {
        const before = fieldValues(current, f.id);
        const after = op.kind === 'normalize.phones' ? normalizePhoneValues(before) : splitStuffedValues(before, f.kind);
        if (!sameValues(before, after)) cfv.push({ field_id: f.id, values: after });
      }
      return cfv.length ? { item: { custom_fields_values: cfv } } : { noop: 'the values are already clean' };
    }
    case 'tags.detach': {
      const p = parseParams<TagsDetachParams>(op);
      if (!tagsOf(current).some((t) => t.id === p.tagId)) return { noop: 'the tag is not attached' };
      return { item: { tags_to_delete: [{ id: p.tagId }] } };
    }
    case 'revert.patch': {
      const p = parseParams<RevertPatchParams>(op);
      return itemApplied(p.item, current) ? { noop: 'already as before' } : { item: p.item };
    }
    case 'merge.survivor': {
      const p = parseParams<MergeSurvivorParams>(op);
      const item: ApiObject = {};
      const cfv: { field_id: number; values: FieldValue[] }[] = [];
      for (const f of p.fields) {
        const mine = fieldValues(current, f.id);
        const merged = unionValues(mine, p.loserValues[String(f.id)] ?? [], f.kind);
        if (!sameValues(mine, merged)) cfv.push({ field_id: f.id, values: merged });
      }
      for (const [id, chosen] of Object.entries(p.choices.fields ?? {})) {
        if (!sameValues(fieldValues(current, Number(id)), chosen)) cfv.push({ field_id: Number(id), values: chosen });
      }
      if (cfv.length) item.custom_fields_values = cfv;
      if (p.choices.name !== undefined && p.choices.name !== current.name) item.name = p.choices.name;
      if (p.choices.responsible_user_id !== undefined && p.choices.responsible_user_id !== current.responsible_user_id)
        item.responsible_user_id = p.choices.responsible_user_id;
      return Object.keys(item).length ? { item } : { noop: 'the survivor already holds every value' };
    }
    case 'merge.task': {
      const p = parseParams<MergeTaskParams>(op);
      if (current.is_completed === true) return { noop: 'the task was closed meanwhile' };
      if (Number(current.entity_id) === p.survivor && current.entity_type === p.entity) return { noop: 'the task is already on the survivor' };
      return { item: { entity_id: p.survivor, entity_type: p.entity } };
    }
    case 'merge.mark': {
      const p = parseParams<MergeMarkParams>(op);
      const item: ApiObject = {};
      if (!tagsOf(current).some((t) => t.name === p.tag)) item.tags_to_add = [{ name: p.tag }];
      if (p.deleteFieldId !== null && !sameValues(fieldValues(current, p.deleteFieldId), [{ value: true }]))
        item.custom_fields_values = [{ field_id: p.deleteFieldId, values: [{ value: true }] }];
      return Object.keys(item).length ? { item } : { noop: 'already marked' };
    }
    case 'fields.to_list': {
      const p = parseParams<FieldsToListParams>(op);
      const text = fieldValues(current, p.sourceFieldId)[0]?.value;
      if (String(text ?? '').trim() !== p.source) return { conflict: 'the text value changed since the snapshot' };
      if (p.fieldId === null || p.enumId === null) return { conflict: `the list field has no option "${p.target}"` };
      const want: FieldValue[] = [{ value: p.target, enum_id: p.enumId }];
      if (sameValues(fieldValues(current, p.fieldId), want)) return { noop: 'the list field already holds this value' };
      return { item: { custom_fields_values: [{ field_id: p.fieldId, values: want }] } };
    }
    case 'revert.values': {
      const p = parseParams<RevertValuesParams>(op);
      if (p.fieldId === null || p.resolved === null) return { conflict: 'the field was not re-created' };
      if (sameValues(fieldValues(current, p.fieldId), p.resolved)) return { noop: 'the values are already back' };
      return { item: { custom_fields_values: [{ field_id: p.fieldId, values: p.resolved }] } };
    }
    case 'revert.task': {
      const p = parseParams<RevertTaskParams>(op);
      if (current.is_completed === true) return { noop: 'the task is already closed' };
      return { item: { is_completed: true, result: { text: p.resultText } } };
    }
    default:
      throw new Error(`${op.kind} is not a patch operation`);
  }
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

/**
 * Operations that write to a field made by an earlier fields.ensure / revert.field get its id
 * (and enum ids) from that operation's result. Returns the params to store, or null when
 * nothing changes (already resolved, or the field is not there: see buildPatchItem).
 */
export function resolveFieldParams(op: Pick<OperationRow, 'kind' | 'params'>, made: { fieldId: number; enums: Record<string, number> } | null): string | null {
  if (!made) return null;
  switch (op.kind) {
    case 'merge.mark': {
      const p = parseParams<MergeMarkParams>(op);
      if (p.deleteFieldId !== null || !p.fieldFrom) return null;
      return JSON.stringify({ ...p, deleteFieldId: made.fieldId });
    }
    case 'fields.to_list': {
      const p = parseParams<FieldsToListParams>(op);
      if (p.fieldId !== null) return null;
      return JSON.stringify({ ...p, fieldId: made.fieldId, enumId: made.enums[p.target] ?? null });
    }
    case 'revert.values': {
      const p = parseParams<RevertValuesParams>(op);
      if (p.fieldId !== null) return null;
      const resolved = p.values.map((v) => {
        const { enum: enumValue, enum_id: _old, ...rest } = v;
        const id = enumValue !== undefined ? made.enums[enumValue] : undefined;
        return id !== undefined && rest.enum_code === undefined ? { ...rest, enum_id: id } : rest;
      });
      return JSON.stringify({ ...p, fieldId: made.fieldId, resolved });
    }
    default:
      return null;
  }
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

export function linkAction(kind: OperationKind): 'link' | 'unlink' {
  return kind === 'merge.link' || kind === 'revert.link' ? 'link' : 'unlink';
}

export function isLinked(current: ApiObject, toType: string, toId: number): boolean {
  const list = obj(current._embedded)?.[toType];
  return Array.isArray(list) && list.some((x) => Number(obj(x)?.id) === toId);
}

/** The link request item of a link-mode operation, or a noop when the link already is as wanted. */
export function buildLinkItem(op: OperationRow, current: ApiObject): Built {
  const p = parseParams<LinkParams>(op);
  const action = linkAction(op.kind);
  const linked = isLinked(current, p.toType, p.toId);
  if (action === 'link' && linked) return { noop: 'already linked' };
  if (action === 'unlink' && !linked) return { noop: 'already unlinked' };
  const item: ApiObject = { entity_id: op.entity_id, to_entity_id: p.toId, to_entity_type: p.toType };
  if (action === 'link' && p.isMain !== undefined && p.toType === 'contacts' && op.entity_type === 'leads') item.metadata = { is_main: p.isMain };
  return { item };
}
