// runtime: node
/**
 * Kinds that delete or create one custom field, one request each: DELETE or POST
 * /api/v4/{entity}/custom_fields (doc §7). The account's fields are the before-image; a field
 * created is told applied by finding it again by name and type.
 */
import type { OperationRow } from '../../../plan/types';
import { rowCount, type EntityTable } from '../../../snapshot/store';
import type { ApiObject } from '../../amo';
import { enumMap, READ_BATCH } from '../../items';
import { obj, parseParams, single, type Decision, type PushOperation, type Carried } from '../contract';

export interface FieldKind {
  kind: OperationRow['kind'];
  /** delete: DELETE …/custom_fields/{id}; create: POST …/custom_fields with the definition */
  action: 'delete' | 'create';
  /** a field deleted only when no card holds a value in it (read by walking every card of the type) */
  keptWhileHeld?: boolean;
  /** the before-image and the decision, from the account's fields (and the first card holding a value, when asked); default: deleteDecision */
  decide?(op: OperationRow, fields: ApiObject[], holder: number | null): { image: { entityType: string; value: unknown }; decision: Decision };
  /** create: the field read back that this operation made, if any */
  made?(op: OperationRow, fields: ApiObject[]): ApiObject | undefined;
  revert?: PushOperation['revert'];
}

const fieldEntity = (op: OperationRow): string => parseParams<{ fieldEntity: string }>(op).fieldEntity;
const definition = (op: OperationRow): unknown => parseParams<{ definition: unknown }>(op).definition;

/** The decision of a field delete: gone already, kept while a card holds a value, changed since the snapshot, or not deletable. */
export function deleteDecision(op: OperationRow, fields: ApiObject[], holder: number | null): { image: { entityType: string; value: unknown }; decision: Decision } {
  const d = parseParams<{ fieldEntity: string; name: string | null; type: string | null; values: unknown }>(op);
  const field = fields.find((f) => Number(f.id) === op.entity_id);
  const image = { entityType: 'custom_fields', value: field ? { field, values: d.values } : { missing: true } };
  if (!field) return { image, decision: { skip: 'the field is already gone' } };
  if (holder !== null) return { image, decision: { skip: `kept: ${d.fieldEntity} ${holder} holds a value in it` } };
  if ((d.name !== null && field.name !== d.name) || (d.type !== null && field.type !== d.type)) return { image, decision: { conflict: 'the field was changed in amoCRM since the snapshot' } };
  if (field.is_deletable === false) return { image, decision: { conflict: 'amoCRM does not let this field be deleted' } };
  return { image, decision: { write: null } };
}

export function fieldOperation(k: FieldKind): Carried {
  return {
    ...single,
    kind: k.kind,
    preview: { shape: 'field', removes: k.action === 'delete' },
    storesResentItem: k.action === 'delete',
    async prepare(ctx, ops) {
      const op = ops[0]!;
      const entity = fieldEntity(op);
      const fields = await ctx.reads.fields(entity);
      // a list field made by fields.to_list is dropped by its rollback only when no card holds a value in it
      const holder = k.keptWhileHeld && fields.some((f) => Number(f.id) === op.entity_id) ? await ctx.reads.firstHolder(entity, op.entity_id) : null;
      return () => [{ op, ...(k.decide ?? deleteDecision)(op, fields, holder) }];
    },
    request: (op, items) =>
      k.action === 'delete'
        ? { method: 'DELETE', path: `/api/v4/${fieldEntity(op)}/custom_fields/${op.entity_id}` }
        : { method: 'POST', path: `/api/v4/${fieldEntity(op)}/custom_fields`, body: items },
    confirm(ops, data) {
      if (k.action === 'delete') return ops.map((op) => ({ op, result: {} }));
      const list = obj(obj(data)?._embedded)?.custom_fields;
      const first = (Array.isArray(list) ? (list as unknown[]) : []).map((x) => obj(x) ?? {})[0];
      return ops.map((op) => ({ op, result: { newFieldId: first ? Number(first.id) : null, enums: enumMap(first) } }));
    },
    async readBack(ctx, ops) {
      const op = ops[0]!;
      const fields = await ctx.reads.fields(fieldEntity(op));
      return () => {
        if (k.action === 'delete') return [fields.some((f) => Number(f.id) === op.entity_id) ? { resend: null } : { applied: { readBack: true } }];
        const made = k.made?.(op, fields);
        return [made ? { applied: { newFieldId: Number(made.id), enums: enumMap(made), readBack: true } } : { resend: definition(op) }];
      };
    },
    touched: () => [],
    dryRun(ctx, groupOps) {
      for (const op of groupOps) {
        const entity = fieldEntity(op);
        ctx.request({ method: 'GET', path: `/api/v4/${entity}/custom_fields`, entities: 1, read: true });
        ctx.written(1);
        if (k.keptWhileHeld) {
          // the walk that checks no card holds a value (at most every page of the type, as the snapshot counts them)
          const n = rowCount(ctx.db, entity as EntityTable, true);
          for (let i = 0; i < Math.max(1, Math.ceil(n / READ_BATCH)); i++) ctx.request({ method: 'GET', path: `/api/v4/${entity}?limit=${READ_BATCH}&page=${i + 1}`, entities: 0, read: true });
        }
        if (k.action === 'delete') ctx.request({ method: 'DELETE', path: `/api/v4/${entity}/custom_fields/${op.entity_id}`, entities: 1, read: false });
        else ctx.request({ method: 'POST', path: `/api/v4/${entity}/custom_fields`, entities: 1, read: false, body: [definition(op)] });
      }
    },
    revert: k.revert ?? (() => []),
  };
}
