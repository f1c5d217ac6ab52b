// runtime: node
/** fill.loss_reason: a lost deal without a loss reason gets one (PATCH /api/v4/leads, doc §5.3). */
import { AppError } from '../../../../shared/api/result';
import type { SqliteDb } from '../../db/open';
import { suggestLossReasons } from '../../plan/loss-reason-suggest';
import { needs, type OperationRequest } from '../../plan/request-params';
import { findLossReason, lostDealsWithoutReason } from '../../plan/snapshot-reads';
import type { FillLossReasonParams, NewOperation } from '../../plan/types';
import { parseParams, type PlanEntry, type PushOperation } from './contract';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';
import { id } from './carriers/params';

/**
 * Lost deals without a reason (finding leads.lost_without_reason), or the given deals. fill.loss_reason
 * never invents a reason: a deal gets the reason suggested by its own notes (suggest, unless that
 * suggestion is rejected), or the reason the admin chose explicitly (reason); a deal with neither,
 * or whose suggestion was rejected, is left out (see loss-reason-suggest.ts).
 */
function build(db: SqliteDb, options: { reason?: string; ids?: readonly number[]; suggest?: boolean; reject?: readonly number[] }): NewOperation[] {
  if (!options.reason && !options.suggest) throw new AppError('BAD_INPUT', 'fill.loss_reason needs a reason, or suggestions from the notes.');
  const fallback = options.reason ? findLossReason(db, options.reason) : null;
  const deals = lostDealsWithoutReason(db, options.ids);
  const suggested = new Map<number, number>();
  if (options.suggest) {
    for (const s of suggestLossReasons(db, deals.map((d) => d.id))) if (s.reasonId !== null) suggested.set(s.leadId, s.reasonId);
  }
  const source = options.ids ? 'selection' : 'finding:leads.lost_without_reason';
  const ops: NewOperation[] = [];
  const rejected = new Set(options.reject ?? []);
  for (const r of deals) {
    if (rejected.has(r.id)) continue;
    const fromNotes = suggested.get(r.id);
    const lossReasonId = fromNotes ?? fallback?.id;
    if (lossReasonId === undefined) continue;
    ops.push({
      kind: 'fill.loss_reason',
      entityType: 'leads',
      entityId: r.id,
      params: { lossReasonId, pipelineId: r.pipeline_id } satisfies FillLossReasonParams,
      source: fromNotes !== undefined ? `${source}+notes` : source,
    });
  }
  return ops;
}

const options = (r: Pick<OperationRequest, 'reason' | 'suggest' | 'ids' | 'reject'>) => ({
  ...(r.reason ? { reason: r.reason } : {}),
  ...(r.suggest ? { suggest: true } : {}),
  ...(r.ids ? { ids: r.ids } : {}),
  ...(r.reject ? { reject: r.reject } : {}),
});

const plan: PlanEntry = {
  request: 'fill.loss_reason',
  usage: `fill.loss_reason --reason NAME [--suggest [--reject ID,ID]]
                                        lost deals without a reason get reason NAME (or its id);
                                        with --suggest a deal whose notes or task results point
                                        to one of the account's reasons ("просит скидку" →
                                        "Дорого") gets that one; --suggest alone leaves out the
                                        deals without a clear suggestion (no reason is invented).
                                        --reject leaves out the deals whose suggestion is wrong.
                                        "plan suggest" shows them`,
  build(db, r) {
    if (r.suggest !== true) needs(r, 'reason');
    return build(db, options(r));
  },
  fromIntent(db, intent) {
    const reason = typeof intent.params.reason === 'string' ? intent.params.reason : intent.options.reason;
    if (!reason && !intent.options.suggest)
      return { note: `intent ${intent.id} (${intent.operation}): no reason given; pass --reason NAME (or --suggest).`, pending: { code: 'intent.no_reason', params: { id: intent.id } } };
    return build(db, options({ ...intent.options, ...(reason ? { reason } : {}), ...(intent.ids.length ? { ids: intent.ids } : {}) }));
  },
};

export default {
  // the payload (an operation's params), checked before it is stored
  params: z.object({ lossReasonId: id, pipelineId: id.nullable() }) satisfies z.ZodType<FillLossReasonParams>,
  ...patchOperation({
    kind: 'fill.loss_reason',
    build(op, current) {
      const p = parseParams<FillLossReasonParams>(op);
      if (Number(current.status_id) !== 143) return { conflict: 'the deal is no longer lost' };
      if (Number(current.loss_reason_id ?? 0) === p.lossReasonId) return { noop: 'the deal already has this loss reason' };
      return { item: { status_id: 143, pipeline_id: current.pipeline_id ?? p.pipelineId, loss_reason_id: p.lossReasonId } };
    },
  }),
  plan,
} satisfies PushOperation;
