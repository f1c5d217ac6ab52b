// runtime: node
/** revert.field: a deleted custom field re-created from its before-image (a new id; its values follow as revert.values). */
import type { RevertFieldParams } from '../../plan/types';
import { parseParams, type PushOperation } from './contract';
import { fieldOperation } from './carriers/field';
import { z } from 'zod';
import { crmEntity, record, savedValues } from './carriers/params';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RevertFieldParams> = z.object({ fieldEntity: crmEntity, definition: record, values: savedValues });

const operation = fieldOperation({
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

export default { ...operation, params: schema } satisfies PushOperation;
