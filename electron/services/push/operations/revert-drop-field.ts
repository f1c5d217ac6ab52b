// runtime: node
/** revert.drop_field: a list field fields.to_list created, deleted again, but only while no card holds a value in it. */
import { fieldOperation } from './carriers/field';
import { z } from 'zod';
import type { PushOperation } from './contract';
import { crmEntity, savedValues } from './carriers/params';
import type { FieldsDeleteParams } from '../../plan/types';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<FieldsDeleteParams> = z.object({ fieldEntity: crmEntity, name: z.string().nullable(), type: z.string().nullable(), values: savedValues });

const operation = fieldOperation({ kind: 'revert.drop_field', action: 'delete', keptWhileHeld: true });

export default { ...operation, params: schema } satisfies PushOperation;
