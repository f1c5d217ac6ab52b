// runtime: node
/** revert.task: a task the push created, closed with a result that says why (the public API cannot delete a task). */
import type { RevertTaskParams } from '../../plan/types';
import { parseParams, type PushOperation } from './contract';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RevertTaskParams> = z.object({ resultText: z.string() });

const operation = patchOperation({
  kind: 'revert.task',
  readsSnapshot: false,
  movesTask: false,
  build(op, current) {
    const p = parseParams<RevertTaskParams>(op);
    if (current.is_completed === true) return { noop: 'the task is already closed' };
    return { item: { is_completed: true, result: { text: p.resultText } } };
  },
});

export default { ...operation, params: schema } satisfies PushOperation;
