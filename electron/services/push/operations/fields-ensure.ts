// runtime: node
/**
 * fields.ensure: a custom field the following operations write to, created unless the account
 * already has one of this name and type holding every enum of the definition (then used).
 * Its rollback drops a list field fields.to_list created (not one it found, and not the merge's
 * checkbox "Удалить").
 */
import type { EnsureFieldParams, FieldsDeleteParams } from '../../plan/types';
import { enumMap, fieldNameKey } from '../items';
import { parseParams, type PushOperation } from './contract';
import { fieldOperation } from './carriers/field';
import { z } from 'zod';
import { crmEntity, id } from './carriers/params';

const fieldsEnsure = fieldOperation({
  kind: 'fields.ensure',
  action: 'create',
  decide(op, fields) {
    const e = parseParams<EnsureFieldParams>(op);
    const found = fields.find((f) => fieldNameKey(f.name) === fieldNameKey(e.definition.name) && f.type === e.definition.type);
    const image = { entityType: op.entity_type, value: { fields: fields.length, existing: found ?? null } };
    if (!found) return { image, decision: { write: e.definition } };
    const enums = enumMap(found);
    const missing = (e.definition.enums ?? []).filter((x) => !(x.value in enums)).map((x) => x.value);
    // the account has it already (a refresh would have told the plan): use it
    if (missing.length === 0) return { image, decision: { skip: 'the field exists', result: { fieldId: Number(found.id), enums } } };
    return { image, decision: { conflict: `a field "${String(found.name)}" exists without the options ${missing.slice(0, 5).join(', ')}`, result: { fieldId: Number(found.id) } } };
  },
  made(op, fields) {
    const def = parseParams<EnsureFieldParams>(op).definition;
    return fields.find((f) => fieldNameKey(f.name) === fieldNameKey(def.name) && f.type === def.type);
  },
  revert(op, _before, result) {
    const p = parseParams<EnsureFieldParams>(op);
    const made = result.newFieldId;
    if (p.sourceFieldId === undefined || typeof made !== 'number') return [];
    return [
      {
        kind: 'revert.drop_field',
        entityType: 'custom_fields',
        entityId: made,
        params: { fieldEntity: p.fieldEntity, name: p.definition.name, type: p.definition.type, values: [] } satisfies FieldsDeleteParams,
        source: 'revert:fields.to_list',
        reverts: op.id,
      },
    ];
  },
});

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<EnsureFieldParams> = z.object({
  fieldEntity: crmEntity,
  definition: z.object({ name: z.string(), type: z.string(), enums: z.array(z.object({ value: z.string(), sort: id })).optional() }),
  sourceFieldId: id.optional(),
  mapping: z.record(z.string(), z.string().nullable()).optional(),
});

export default {
  ...fieldsEnsure,
  params: schema,
  // the merge's checkbox "Удалить" stays: a rollback leaves it
  undoable: (source) => !(source ?? '').startsWith('merge:'),
} satisfies PushOperation;
