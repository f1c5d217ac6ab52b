// runtime: node
/** The patch kinds that rewrite phone and e-mail values in place (normalize.phones, split.stuffed), and how a plan asks for them. */
import type { PlanRequestName } from '../../../../../shared/plan/operations';
import { contactFields, entitiesChangedBy } from '../../../plan/snapshot-reads';
import { fieldValues, sameValues } from '../../../plan/transforms';
import type { FieldValue, FieldValuesParams, NewOperation, OperationRow } from '../../../plan/types';
import { parseParams, type Carried } from '../contract';
import { patchOperation } from './patch';

type Transform = (values: FieldValue[], kind: 'phone' | 'email') => FieldValue[];

export interface ValuesKind {
  kind: OperationRow['kind'];
  request: PlanRequestName;
  usage: string;
  /** the fields it rewrites */
  fields: readonly ('phone' | 'email')[];
  /** the source its operations name (the finding) */
  source: string;
  transform: Transform;
}

/** Of a finding's operations, those on the entities an intent flagged (all of them when it flagged none). */
export function inFlagged(ops: NewOperation[], ids: readonly number[]): NewOperation[] {
  const wanted = new Set(ids);
  return ids.length ? ops.filter((o) => wanted.has(o.entityId)) : ops;
}

export function valuesOperation(k: ValuesKind): Carried {
  // every live contact or company whose values of these fields the transform changes
  const build = (db: Parameters<typeof contactFields>[0]): NewOperation[] =>
    entitiesChangedBy(db, contactFields(db, k.fields), (values, f) => k.transform(values, f.kind)).map((e) => ({
      kind: k.kind,
      entityType: e.entity,
      entityId: e.id,
      params: { fields: e.fields } satisfies FieldValuesParams,
      source: k.source,
    }));
  return {
    ...patchOperation({
      kind: k.kind,
      build(op, current) {
        const p = parseParams<FieldValuesParams>(op);
        const cfv: { field_id: number; values: FieldValue[] }[] = [];
        for (const f of p.fields) {
          const before = fieldValues(current, f.id);
          const after = k.transform(before, f.kind);
          if (!sameValues(before, after)) cfv.push({ field_id: f.id, values: after });
        }
        return cfv.length ? { item: { custom_fields_values: cfv } } : { noop: 'the values are already clean' };
      },
    }),
    plan: { request: k.request, usage: k.usage, build: (db) => build(db), fromIntent: (db, intent) => inFlagged(build(db), intent.ids) },
  };
}
