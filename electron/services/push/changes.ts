// runtime: node
/**
 * What an operation changes, field by field: the value before and after. Before the push the
 * "before" is the snapshot's copy of the entity and the "after" the item the engine would send
 * computed from it; once applied, the "before" is the before-image read from amoCRM right before
 * the write and the "after" the item that was sent. Field names are stable codes for the fixed
 * attributes (`@name`, `@loss_reason`, `@tags`, ...: translated by the UI and the exports) and the
 * account's own custom field names otherwise. Values are display strings; an empty string means
 * "no value".
 */
import type { DryRunResult, OperationChange, PlanOperationInfo } from '../../../shared/api/methods/plan';
import type { SqliteDb } from '../db/open';
import { entityRaw, fieldNameLookup, lossReasonName, statusName, userNameLookup, type EntityTable } from '../snapshot/store';
import { fieldValues } from '../plan/transforms';
import type { FieldValue, LinkParams, OperationRow } from '../plan/types';
import type { ApiObject } from './amo';
import { imageText, openOperations, operationsByIds } from '../plan/journal';
import { tagsOf } from './items';
import { operationOf } from './operations';

/** The fixed attributes an operation can change (locale keys changes:fields.<code without @>). */
export const FIXED_FIELDS = ['@name', '@responsible', '@loss_reason', '@status', '@tags', '@card', '@task', '@note', '@field', '@link_leads', '@link_contacts', '@link_companies', '@closed'] as const;

const CRM = new Set(['leads', 'contacts', 'companies']);

interface Lookups {
  raw(entityType: string, id: number): ApiObject | null;
  fieldName(entityType: string, id: number): string;
  userName(id: unknown): string;
  lossReason(id: unknown): string;
  status(pipelineId: unknown, id: unknown): string;
  beforeImage(opId: number): ApiObject | null;
}

function lookups(db: SqliteDb): Lookups {
  const has = (t: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
  const cache = new Map<string, string>();
  const cached = (key: string, compute: () => string): string => {
    let v = cache.get(key);
    if (v === undefined) {
      v = compute();
      cache.set(key, v);
    }
    return v;
  };
  const images = has('before_images');
  return {
    raw: (entityType, id) => {
      if (!CRM.has(entityType)) return null;
      const row = entityRaw(db, entityType as EntityTable, id);
      return row ? (JSON.parse(row.raw) as ApiObject) : null;
    },
    fieldName: (entityType, id) =>
      cached(`f:${entityType}:${id}`, () => fieldNameLookup(db)(entityType, id)?.name ?? `#${id}`),
    userName: (id) => (id === null || id === undefined || id === 0 ? '' : cached(`u:${String(id)}`, () => userNameLookup(db)(Number(id))?.name ?? `#${String(id)}`)),
    lossReason: (id) => (!id ? '' : cached(`l:${String(id)}`, () => lossReasonName(db, Number(id)) ?? `#${String(id)}`)),
    status: (pipelineId, id) =>
      !id
        ? ''
        : cached(`s:${String(pipelineId)}:${String(id)}`, () => statusName(db, Number(id), pipelineId ?? null)?.name ?? `#${String(id)}`),
    beforeImage: (opId) => {
      const text = images ? imageText(db, opId) : undefined;
      return text ? (JSON.parse(text) as ApiObject) : null;
    },
  };
}

/** A field's values as one line ("✓" for a ticked checkbox, nothing for an unticked one). */
export function showValues(values: readonly FieldValue[]): string {
  return values
    .map((v) => (v.value === true ? '✓' : v.value === false || v.value === null ? '' : String(v.value)))
    .filter((s) => s.trim() !== '')
    .join(', ');
}

/** The changes a PATCH item makes to an entity whose prior state is `before`. */
function itemChanges(l: Lookups, entityType: string, item: ApiObject, before: ApiObject): OperationChange[] {
  const out: OperationChange[] = [];
  const add = (field: string, b: string, a: string) => {
    if (b !== a) out.push({ field, before: b, after: a });
  };
  if ('name' in item) add('@name', String(before.name ?? ''), String(item.name ?? ''));
  if ('responsible_user_id' in item) add('@responsible', l.userName(before.responsible_user_id), l.userName(item.responsible_user_id));
  if ('status_id' in item) add('@status', l.status(before.pipeline_id, before.status_id), l.status(item.pipeline_id ?? before.pipeline_id, item.status_id));
  if ('loss_reason_id' in item) add('@loss_reason', l.lossReason(before.loss_reason_id), l.lossReason(item.loss_reason_id));
  if ('entity_id' in item) add('@card', before.entity_id ? `#${String(before.entity_id)}` : '', `#${String(item.entity_id)}`);
  if ('is_completed' in item) add('@closed', before.is_completed === true ? '✓' : '', item.is_completed === true ? '✓' : '');
  if (Array.isArray(item.custom_fields_values)) {
    for (const f of item.custom_fields_values as { field_id: number | string; values: FieldValue[] | null }[]) {
      const id = Number(f.field_id);
      add(Number.isFinite(id) ? l.fieldName(entityType, id) : String(f.field_id), showValues(Number.isFinite(id) ? fieldValues(before, id) : []), showValues(f.values ?? []));
    }
  }
  if (Array.isArray(item.tags_to_add) || Array.isArray(item.tags_to_delete)) {
    const tags = tagsOf(before).map((t) => t.name);
    const drop = new Set(((item.tags_to_delete ?? []) as { id?: number; name?: string }[]).map((t) => (t.name !== undefined ? t.name : tagsOf(before).find((x) => x.id === t.id)?.name ?? '')));
    const after = tags.filter((t) => !drop.has(t));
    for (const t of (item.tags_to_add ?? []) as { id?: number; name?: string }[]) if (t.name !== undefined && !after.includes(t.name)) after.push(t.name);
    add('@tags', tags.join(', '), after.join(', '));
  }
  return out;
}

/** The field-by-field changes of one operation (see the module comment). */
export function changesOf(db: SqliteDb, op: OperationRow, l: Lookups = lookups(db)): OperationChange[] {
  const result = op.result ? (JSON.parse(op.result) as { item?: ApiObject }) : {};
  const done = op.status === 'applied';
  try {
    const preview = operationOf(op.kind).preview;
    switch (preview.shape) {
      case 'item': {
        const image = done ? l.beforeImage(op.id) : null;
        if (done && image && result.item) {
          const { id: _id, ...item } = result.item;
          return itemChanges(l, op.entity_type, item, image);
        }
        const current = l.raw(op.entity_type, op.entity_id);
        if (!current) return [];
        if (preview.planned) return itemChanges(l, op.entity_type, preview.planned(op), current);
        const built = preview.build(op, current);
        return 'item' in built ? itemChanges(l, op.entity_type, built.item, current) : [];
      }
      case 'link': {
        const p = JSON.parse(op.params) as LinkParams;
        const current = l.raw(op.entity_type, op.entity_id);
        if (!done && current && !('item' in preview.build(op, current))) return [];
        const target = `#${p.toId}`;
        return [{ field: `@link_${p.toType}`, before: preview.linking ? '' : target, after: preview.linking ? target : '' }];
      }
      case 'added':
        return [{ field: preview.field, before: '', after: preview.text(op) }];
      case 'field': {
        const p = JSON.parse(op.params) as { name?: string | null; definition?: { name?: unknown } };
        return preview.removes ? [{ field: '@field', before: p.name ?? `#${op.entity_id}`, after: '' }] : [{ field: '@field', before: '', after: String(p.definition?.name ?? '') }];
      }
      default:
        return [];
    }
  } catch {
    // a malformed params or result: the operation is still listed, without its values
    return [];
  }
}

/** The entity's name in the snapshot (leads, contacts, companies), or null. */
function nameOf(l: Lookups, op: Pick<OperationRow, 'entity_type' | 'entity_id'>): string | null {
  const raw = l.raw(op.entity_type, op.entity_id);
  return raw && typeof raw.name === 'string' ? raw.name : null;
}

/** Adds the entity's name and the changes to listed operations (plan.operations). */
export function withChanges(db: SqliteDb, ops: PlanOperationInfo[]): PlanOperationInfo[] {
  if (ops.length === 0) return ops;
  const l = lookups(db);
  const byId = new Map(
    operationsByIds(db, ops.map((o) => o.id)).map((r) => [r.id, r]),
  );
  return ops.map((o) => {
    const row = byId.get(o.id);
    return row ? { ...o, entityName: nameOf(l, row), changes: changesOf(db, row, l) } : o;
  });
}

/** The changes of a plan's open operations (the dry run's "before → after"), the first `limit` that change something. */
export function openChanges(db: SqliteDb, planId: number, limit: number): NonNullable<DryRunResult['changes']> {
  const l = lookups(db);
  const out: NonNullable<DryRunResult['changes']> = [];
  const rows = openOperations(db, planId);
  for (const row of rows) {
    if (out.length >= limit) break;
    const changes = changesOf(db, row, l);
    if (changes.length) out.push({ operation: row.id, kind: row.kind, entityType: row.entity_type, entityId: row.entity_id, entityName: nameOf(l, row), changes });
  }
  return out;
}
