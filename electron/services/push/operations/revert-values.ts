// runtime: node
/** revert.values: the values a deleted field held on one entity, written back into its re-created field. */
import { fieldValues, sameValues } from '../../plan/transforms';
import type { RevertValuesParams } from '../../plan/types';
import { parseParams, type PushOperation } from './contract';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';
import { crmEntity, fieldValue, id, opRef } from './carriers/params';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RevertValuesParams> = z.object({
  fieldEntity: crmEntity,
  values: z.array(z.object({ value: z.union([z.string(), z.number(), z.boolean(), z.null()]), enum_id: id.optional(), enum_code: z.string().optional(), enum: z.string().optional() })),
  fieldFrom: opRef,
  requires: opRef,
  fieldId: id.nullable(),
  resolved: z.array(fieldValue).nullable(),
});

const operation = patchOperation({
  kind: 'revert.values',
  readsSnapshot: false,
  build(op, current) {
    const p = parseParams<RevertValuesParams>(op);
    if (p.fieldId === null || p.resolved === null) return { conflict: 'the field was not re-created' };
    if (sameValues(fieldValues(current, p.fieldId), p.resolved)) return { noop: 'the values are already back' };
    return { item: { custom_fields_values: [{ field_id: p.fieldId, values: p.resolved }] } };
  },
  resolveParams(op, made) {
    if (!made) return null;
    const p = parseParams<RevertValuesParams>(op);
    if (p.fieldId !== null) return null;
    const resolved = p.values.map((v) => {
      const { enum: enumValue, enum_id: _old, ...rest } = v;
      const id = enumValue !== undefined ? made.enums[enumValue] : undefined;
      return id !== undefined && rest.enum_code === undefined ? { ...rest, enum_id: id } : rest;
    });
    return JSON.stringify({ ...p, fieldId: made.fieldId, resolved });
  },
  dryRunItem(op) {
    // the field gets its new id during the push
    const p = parseParams<RevertValuesParams>(op);
    return { id: op.entity_id, custom_fields_values: [{ field_id: p.fieldId ?? '(new)', values: p.resolved ?? p.values }] };
  },
});

export default { ...operation, params: schema } satisfies PushOperation;
