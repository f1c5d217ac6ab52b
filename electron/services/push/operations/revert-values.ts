// runtime: node
/** revert.values: the values a deleted field held on one entity, written back into its re-created field. */
import { fieldValues, sameValues } from '../../plan/transforms';
import type { RevertValuesParams } from '../../plan/types';
import { parseParams } from './contract';
import { patchOperation } from './carriers/patch';

export default patchOperation({
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
