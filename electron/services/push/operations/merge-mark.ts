// runtime: node
/** merge.mark: a loser gets the merge tag and the checkbox "Удалить" (made by fields.ensure when the account lacks it). */
import { fieldValues, sameValues } from '../../plan/transforms';
import type { MergeMarkParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { tagsOf } from '../items';
import { parseParams, type PushOperation } from './contract';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';
import { id, opRef } from './carriers/params';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<MergeMarkParams> = z.object({ survivor: id, tag: z.string(), deleteFieldId: id.nullable(), fieldFrom: opRef.optional(), requires: opRef.optional() });

const operation = patchOperation({
  kind: 'merge.mark',
  // every loser of the plan is one group, whichever field it waits for
  dryRunGroupsByCreatedField: false,
  build(op, current) {
    const p = parseParams<MergeMarkParams>(op);
    const item: ApiObject = {};
    if (!tagsOf(current).some((t) => t.name === p.tag)) item.tags_to_add = [{ name: p.tag }];
    if (p.deleteFieldId !== null && !sameValues(fieldValues(current, p.deleteFieldId), [{ value: true }]))
      item.custom_fields_values = [{ field_id: p.deleteFieldId, values: [{ value: true }] }];
    return Object.keys(item).length ? { item } : { noop: 'already marked' };
  },
  resolveParams(op, made) {
    if (!made) return null;
    const p = parseParams<MergeMarkParams>(op);
    if (p.deleteFieldId !== null || !p.fieldFrom) return null;
    return JSON.stringify({ ...p, deleteFieldId: made.fieldId });
  },
});

export default { ...operation, params: schema } satisfies PushOperation;
