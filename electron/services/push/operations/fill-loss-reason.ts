// runtime: node
/** fill.loss_reason: a lost deal without a loss reason gets one (PATCH /api/v4/leads, doc §5.3). */
import type { FillLossReasonParams } from '../../plan/types';
import { parseParams } from './contract';
import { patchOperation } from './carriers/patch';

export default patchOperation({
  kind: 'fill.loss_reason',
  build(op, current) {
    const p = parseParams<FillLossReasonParams>(op);
    if (Number(current.status_id) !== 143) return { conflict: 'the deal is no longer lost' };
    if (Number(current.loss_reason_id ?? 0) === p.lossReasonId) return { noop: 'the deal already has this loss reason' };
    return { item: { status_id: 143, pipeline_id: current.pipeline_id ?? p.pipelineId, loss_reason_id: p.lossReasonId } };
  },
});
