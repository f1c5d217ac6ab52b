// runtime: node
/**
 * fields.delete: an unused custom field deleted, with every value it still held saved in the
 * plan and the journal; undone by re-creating it (revert.field) and writing the values back
 * into the new field (revert.values, enums matched by their value).
 */
import { AppError } from '../../../../shared/api/result';
import type { SqliteDb } from '../../db/open';
import { fieldById } from '../../snapshot/store';
import { valuesOfField } from '../../plan/snapshot-reads';
import type { FieldsDeleteParams, NewOperation, OpRef, RevertFieldParams, RevertValuesParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { parseParams, type PushOperation } from './contract';
import { fieldOperation } from './carriers/field';
import { z } from 'zod';
import { crmEntity, savedValues } from './carriers/params';

/** fields.delete: a custom field, with every value it still holds saved in the plan (and the journal). */
function build(db: SqliteDb, options: { field: number }): NewOperation[] {
  const field = fieldById(db, options.field);
  if (!field) throw new AppError('NOT_FOUND', `No custom field ${options.field} in this snapshot.`);
  if (field.is_deletable === 0) throw new AppError('CONFLICT', `Field ${field.id} (${field.name ?? ''}) is predefined: amoCRM does not let it be deleted.`);
  const byEntity = valuesOfField(db, field.entity_type, field.id);
  return [
    {
      kind: 'fields.delete',
      entityType: 'custom_fields',
      entityId: field.id,
      params: {
        fieldEntity: field.entity_type,
        name: field.name,
        type: field.type,
        values: [...byEntity].map(([entityId, values]) => ({ entityId, values })),
      } satisfies FieldsDeleteParams,
      source: byEntity.size === 0 ? 'finding:fields.unused' : 'selection',
    },
  ];
}


const fieldsDelete = fieldOperation({
  kind: 'fields.delete',
  action: 'delete',
  revert(op, before) {
    const field = before && typeof before.field === 'object' ? (before.field as ApiObject) : null;
    if (!field) return [];
    const p = parseParams<FieldsDeleteParams>(op);
    const enums = Array.isArray(field.enums) ? (field.enums as ApiObject[]).map((e) => ({ value: e.value, sort: e.sort })) : undefined;
    const definition: Record<string, unknown> = { name: field.name, type: field.type, sort: field.sort };
    if (typeof field.code === 'string' && field.code) definition.code = field.code;
    if (enums && enums.length) definition.enums = enums;
    const source = `revert:${op.kind}`;
    const out = [{ kind: 'revert.field' as const, entityType: 'custom_fields' as const, entityId: op.entity_id, params: { fieldEntity: p.fieldEntity, definition, values: p.values } satisfies RevertFieldParams, source, reverts: op.id }];
    // then the saved values, written into the re-created field (a new id; enums matched by their value)
    const saved = Array.isArray(before?.values) ? (before.values as RevertFieldParams['values']) : p.values;
    const oldEnums = new Map((Array.isArray(field.enums) ? (field.enums as ApiObject[]) : []).map((e) => [Number(e.id), String(e.value)]));
    const ref: OpRef = { kind: 'revert.field', entityType: 'custom_fields', entityId: op.entity_id };
    const values = saved
      .filter((s) => s.values.length > 0)
      .map(({ entityId, values }) => ({
        kind: 'revert.values' as const,
        entityType: p.fieldEntity,
        entityId,
        params: {
          fieldEntity: p.fieldEntity,
          values: values.map((v) => {
            const text = v.enum_id !== undefined ? oldEnums.get(v.enum_id) : undefined;
            return text !== undefined ? { ...v, enum: text } : v;
          }),
          fieldFrom: ref,
          requires: ref,
          fieldId: null,
          resolved: null,
        } satisfies RevertValuesParams,
        source,
        reverts: op.id,
      }));
    return [...out, ...values];
  },
});

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<FieldsDeleteParams> = z.object({ fieldEntity: crmEntity, name: z.string().nullable(), type: z.string().nullable(), values: savedValues });

export default {
  ...fieldsDelete,
  params: schema,
  plan: {
    request: 'fields.delete',
    usage: 'fields.delete --field ID              an unused custom field (its values are kept in the journal)',
    needs: ['field'],
    build: (db, r) => build(db, { field: r.field! }),
    fromIntent: (db, intent) => intent.ids.flatMap((field) => build(db, { field })),
  },
} satisfies PushOperation;
