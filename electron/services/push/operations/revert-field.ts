// runtime: node
/** revert.field: a deleted custom field re-created from its before-image (a new id; its values follow as revert.values). */
import type { RevertFieldParams } from '../../plan/types';
import { parseParams } from './contract';
import { fieldOperation } from './carriers/field';

export default fieldOperation({
  kind: 'revert.field',
  action: 'create',
  decide(op, fields) {
    const r = parseParams<RevertFieldParams>(op);
    const clash = fields.find((f) => f.name === r.definition.name && f.type === r.definition.type);
    const image = { entityType: 'custom_fields', value: { fields: fields.length } };
    if (clash) return { image, decision: { conflict: 'a field with this name and type exists again', result: { fieldId: clash.id } } };
    return { image, decision: { write: r.definition } };
  },
  made(op, fields) {
    const def = parseParams<RevertFieldParams>(op).definition;
    return fields.find((f) => f.name === def.name && f.type === def.type);
  },
});
