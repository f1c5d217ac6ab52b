// runtime: node
/** revert.patch: the before-image of what a patch wrote, written back. */
import type { RevertPatchParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { itemApplied } from '../items';
import { parseParams, type PushOperation } from './contract';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';
import { record } from './carriers/params';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RevertPatchParams> = z.object({ item: record });

const operation = patchOperation({
  kind: 'revert.patch',
  readsSnapshot: false,
  build(op, current) {
    const p = parseParams<RevertPatchParams>(op);
    return itemApplied(p.item, current) ? { noop: 'already as before' } : { item: p.item };
  },
  dryRunItem: (op) => ({ id: op.entity_id, ...(JSON.parse(op.params) as { item: ApiObject }).item }),
  planned: (op) => parseParams<RevertPatchParams>(op).item as ApiObject,
});

export default { ...operation, params: schema } satisfies PushOperation;
