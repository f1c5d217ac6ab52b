// runtime: node
/** merge.task: an open task of a loser moved onto the survivor. */
import type { MergeTaskParams } from '../../plan/types';
import { parseParams, type PushOperation } from './contract';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';
import { cardEntity, id, opRef } from './carriers/params';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<MergeTaskParams> = z.object({ survivor: id, entity: cardEntity, requires: opRef.optional() });

const operation = patchOperation({
  kind: 'merge.task',
  build(op, current) {
    const p = parseParams<MergeTaskParams>(op);
    if (current.is_completed === true) return { noop: 'the task was closed meanwhile' };
    if (Number(current.entity_id) === p.survivor && current.entity_type === p.entity) return { noop: 'the task is already on the survivor' };
    return { item: { entity_id: p.survivor, entity_type: p.entity } };
  },
});

export default { ...operation, params: schema } satisfies PushOperation;
