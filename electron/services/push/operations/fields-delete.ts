// runtime: node
/**
 * fields.delete: an unused custom field deleted, with every value it still held saved in the
 * plan and the journal; undone by re-creating it (revert.field) and writing the values back
 * into the new field (revert.values, enums matched by their value).
 */
import type { FieldsDeleteParams, OpRef, RevertFieldParams, RevertValuesParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { parseParams } from './contract';
import { fieldOperation } from './carriers/field';

export default fieldOperation({
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
