// runtime: node
/** The patch kinds that rewrite phone and e-mail values in place (normalize.phones, split.stuffed). */
import { fieldValues, sameValues } from '../../../plan/transforms';
import type { FieldValue, FieldValuesParams, NewOperation, OperationRow } from '../../../plan/types';
import { parseParams } from '../contract';
import { patchOperation } from './patch';

export function valuesOperation(kind: OperationRow['kind'], transform: (values: FieldValue[], kind: 'phone' | 'email') => FieldValue[]) {
  return patchOperation({
    kind,
    build(op, current) {
      const p = parseParams<FieldValuesParams>(op);
      const cfv: { field_id: number; values: FieldValue[] }[] = [];
      for (const f of p.fields) {
        const before = fieldValues(current, f.id);
        const after = transform(before, f.kind);
        if (!sameValues(before, after)) cfv.push({ field_id: f.id, values: after });
      }
      return cfv.length ? { item: { custom_fields_values: cfv } } : { noop: 'the values are already clean' };
    },
  });
}

/** Of a finding's operations, those on the entities an intent flagged (all of them when it flagged none). */
export function inFlagged(ops: NewOperation[], ids: readonly number[]): NewOperation[] {
  const wanted = new Set(ids);
  return ids.length ? ops.filter((o) => wanted.has(o.entityId)) : ops;
}
