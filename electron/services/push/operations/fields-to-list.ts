// runtime: node
/** fields.to_list on one entity: its text value copied into the list field (made by fields.ensure) as an enum. */
import { fieldValues, sameValues } from '../../plan/transforms';
import type { FieldsToListParams, FieldValue, OperationRow } from '../../plan/types';
import type { ApiObject } from '../amo';
import { parseParams } from './contract';
import { patchOperation, type Built } from './carriers/patch';

function build(op: OperationRow, current: ApiObject): Built {
  const p = parseParams<FieldsToListParams>(op);
  const text = fieldValues(current, p.sourceFieldId)[0]?.value;
  if (String(text ?? '').trim() !== p.source) return { conflict: 'the text value changed since the snapshot' };
  if (p.fieldId === null || p.enumId === null) return { conflict: `the list field has no option "${p.target}"` };
  const want: FieldValue[] = [{ value: p.target, enum_id: p.enumId }];
  if (sameValues(fieldValues(current, p.fieldId), want)) return { noop: 'the list field already holds this value' };
  return { item: { custom_fields_values: [{ field_id: p.fieldId, values: want }] } };
}

export default patchOperation({
  kind: 'fields.to_list',
  build,
  resolveParams(op, made) {
    if (!made) return null;
    const p = parseParams<FieldsToListParams>(op);
    if (p.fieldId !== null) return null;
    return JSON.stringify({ ...p, fieldId: made.fieldId, enumId: made.enums[p.target] ?? null });
  },
  dryRunItem(op, raw) {
    const p = parseParams<FieldsToListParams>(op);
    if (!raw || p.fieldId !== null) return undefined;
    // the list field is created by the push: built with its value instead of the enum id
    const built = build({ ...op, params: JSON.stringify({ ...p, fieldId: -1, enumId: -1 }) }, raw);
    return 'item' in built ? { id: op.entity_id, custom_fields_values: [{ field_id: '(new)', values: [{ value: p.target }] }] } : null;
  },
});
