// runtime: node
/** revert.task: a task the push created, closed with a result that says why (the public API cannot delete a task). */
import type { RevertTaskParams } from '../../plan/types';
import { parseParams } from './contract';
import { patchOperation } from './carriers/patch';

export default patchOperation({
  kind: 'revert.task',
  readsSnapshot: false,
  movesTask: false,
  build(op, current) {
    const p = parseParams<RevertTaskParams>(op);
    if (current.is_completed === true) return { noop: 'the task is already closed' };
    return { item: { is_completed: true, result: { text: p.resultText } } };
  },
});
