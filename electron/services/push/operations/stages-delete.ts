// runtime: node
/**
 * stages.delete: a working stage of a deals pipeline that holds no deal, deleted; undone by
 * revert.stage, which re-creates it with its name, sort and color (a new id).
 *
 * amoCRM API (Kommo "Delete a pipeline stage", https://developers.kommo.com/reference/deleting-stage;
 * doc §11): DELETE /api/v4/leads/pipelines/{pipeline_id}/statuses/{id}, administrators only, no
 * response body. "Leads located in the deleted stage will be moved to the first pipeline stage":
 * so the operation is only built for a stage no deal is in (in the snapshot, live or trashed),
 * and the push checks it again against amoCRM right before the delete (a deal in it is a
 * conflict). 142 (won), 143 (lost) and the unsorted stage (type 1) are system stages and never
 * planned; nor is a stage amoCRM marks is_editable: false. Re-created by POST
 * /api/v4/leads/pipelines/{pipeline_id}/statuses with [{name, sort, color}] (doc §11).
 *
 * The candidates are the stages of the audit's finding pipelines.unused_stages (no deal entered
 * them in the window) that hold no deal at all: its Fix records them as "pipeline:status".
 */
import { z } from 'zod';
import { AppError } from '../../../../shared/api/result';
import type { SqliteDb } from '../../db/open';
import { emptyWorkingStages } from '../../snapshot/store';
import type { NewOperation, OperationRow } from '../../plan/types';
import type { ApiObject } from '../amo';
import { obj, parseParams, single, type PushOperation } from './contract';
import { id } from './carriers/params';

const WON = 142;
const LOST = 143;

export interface StagesDeleteParams {
  pipelineId: number;
  name: string;
  sort: number;
  color: string | null;
}
/** revert.stage: the stage as it was, re-created in its pipeline (entity id: the deleted stage's id) */
export interface RevertStageParams extends StagesDeleteParams {
  /** for the person undoing it: no deal was in the stage when it was deleted, so none is moved back */
  note: string;
}

const statusesPath = (pipelineId: number): string => `/api/v4/leads/pipelines/${pipelineId}/statuses`;
const leadsInStage = (pipelineId: number, statusId: number) => ({ 'filter[statuses][0][pipeline_id]': pipelineId, 'filter[statuses][0][status_id]': statusId, limit: 1 });

/** Working stages (type 0, not 142/143, editable) with no deal in the snapshot, live or trashed; only `wanted` ("pipeline:status") when given. */
function emptyStages(db: SqliteDb, wanted: ((pipelineId: number, id: number) => boolean) | null): NewOperation[] {
  const rows = emptyWorkingStages(db);
  return rows
    .filter((r) => (wanted ? wanted(r.pipeline_id, r.id) : true))
    .map((r) => ({ r, raw: JSON.parse(r.raw) as ApiObject }))
    .filter(({ raw }) => raw.is_editable !== false)
    .map(({ r, raw }) => ({
      kind: 'stages.delete' as const,
      entityType: 'statuses' as const,
      entityId: r.id,
      params: { pipelineId: r.pipeline_id, name: r.name ?? '', sort: r.sort ?? 0, color: typeof raw.color === 'string' ? raw.color : null } satisfies StagesDeleteParams,
      source: 'finding:pipelines.unused_stages',
    }));
}

function build(db: SqliteDb, r: { ids?: readonly number[] }): NewOperation[] {
  const ids = r.ids ? new Set(r.ids) : null;
  const ops = emptyStages(db, ids ? (_p, id) => ids.has(id) : null);
  if (ids) {
    const found = new Set(ops.map((o) => o.entityId));
    const refused = [...ids].filter((id) => !found.has(id));
    if (refused.length > 0)
      throw new AppError('CONFLICT', `Stage${refused.length === 1 ? '' : 's'} ${refused.join(', ')}: not an empty working stage of this snapshot (142, 143, the unsorted stage, a stage holding deals and one amoCRM does not let be edited are never deleted).`);
  }
  return ops;
}

/** the payloads: the stage as the snapshot has it (stages.delete), and as it is re-created (revert.stage) */
const stageSchema = z.object({ pipelineId: id, name: z.string(), sort: id, color: z.string().nullable() });
const revertStageSchema: z.ZodType<RevertStageParams> = stageSchema.extend({ note: z.string() });

const stagesDelete: PushOperation = {
  ...single,
  kind: 'stages.delete',
  params: stageSchema satisfies z.ZodType<StagesDeleteParams>,
  preview: { shape: 'none' },
  plan: {
    request: 'stages.delete',
    usage: 'stages.delete [--ids STATUS,STATUS]      the working stages no deal is in (finding pipelines.unused_stages); rollback re-creates them',
    build,
    fromIntent(db, { flagged }) {
      const wanted = new Set(flagged);
      return emptyStages(db, wanted.size > 0 ? (p, id) => wanted.has(`${p}:${id}`) : null);
    },
  },
  async prepare(ctx, ops) {
    const op = ops[0]!;
    const p = parseParams<StagesDeleteParams>(op);
    const stages = await ctx.reads.all(statusesPath(p.pipelineId), 'statuses', {});
    const stage = stages.find((s) => Number(s.id) === op.entity_id);
    const deals = stage ? await ctx.reads.all('/api/v4/leads', 'leads', leadsInStage(p.pipelineId, op.entity_id)) : [];
    return () => {
      const image = { entityType: 'statuses', value: stage ? { stage, deals: deals.length } : { missing: true } };
      if (!stage) return [{ op, image, decision: { skip: 'the stage is already gone' } }];
      if (stage.type !== 0 || stage.is_editable === false || op.entity_id === WON || op.entity_id === LOST) return [{ op, image, decision: { conflict: 'amoCRM does not let this stage be deleted' } }];
      // amoCRM would move them to the first stage: never deleted while a deal is in it
      if (deals.length > 0) return [{ op, image, decision: { conflict: 'a deal is in the stage now' } }];
      if (stage.name !== p.name) return [{ op, image, decision: { conflict: 'the stage was renamed in amoCRM since the snapshot' } }];
      return [{ op, image, decision: { write: null } }];
    };
  },
  request: (op) => ({ method: 'DELETE', path: `${statusesPath(parseParams<StagesDeleteParams>(op).pipelineId)}/${op.entity_id}` }),
  confirm: (ops) => ops.map((op) => ({ op, result: {} })),
  async readBack(ctx, ops) {
    const op = ops[0]!;
    const stages = await ctx.reads.all(statusesPath(parseParams<StagesDeleteParams>(op).pipelineId), 'statuses', {});
    return () => [stages.some((s) => Number(s.id) === op.entity_id) ? { resend: null } : { applied: { readBack: true } }];
  },
  touched: () => [],
  dryRun(ctx, groupOps) {
    for (const op of groupOps) {
      const p = parseParams<StagesDeleteParams>(op);
      ctx.request({ method: 'GET', path: statusesPath(p.pipelineId), entities: 1, read: true });
      ctx.request({ method: 'GET', path: `/api/v4/leads?filter[statuses][0][pipeline_id]=${p.pipelineId}&filter[statuses][0][status_id]=${op.entity_id}&limit=1`, entities: 1, read: true });
      ctx.written(1);
      ctx.request({ method: 'DELETE', path: `${statusesPath(p.pipelineId)}/${op.entity_id}`, entities: 1, read: false });
    }
  },
  revert(op, before) {
    const stage = obj(before?.stage);
    if (!stage) return [];
    const p = parseParams<StagesDeleteParams>(op);
    const params: RevertStageParams = {
      pipelineId: p.pipelineId,
      name: String(stage.name ?? p.name),
      sort: typeof stage.sort === 'number' ? stage.sort : p.sort,
      color: typeof stage.color === 'string' ? stage.color : p.color,
      note: 'The stage is re-created with a new id; no deal was in it when it was deleted, so no deal moves back into it.',
    };
    return [{ kind: 'revert.stage', entityType: 'statuses', entityId: op.entity_id, params, source: `revert:${op.kind}`, reverts: op.id }];
  },
};

const definition = (op: OperationRow): ApiObject => {
  const p = parseParams<RevertStageParams>(op);
  return { name: p.name, sort: p.sort, ...(p.color ? { color: p.color } : {}) };
};
const sameStage = (op: OperationRow, stages: ApiObject[]): ApiObject | undefined => stages.find((s) => s.name === parseParams<RevertStageParams>(op).name && s.type === 0);

export const revertStage: PushOperation = {
  ...single,
  kind: 'revert.stage',
  params: revertStageSchema,
  storesResentItem: false,
  preview: { shape: 'none' },
  async prepare(ctx, ops) {
    const op = ops[0]!;
    const stages = await ctx.reads.all(statusesPath(parseParams<RevertStageParams>(op).pipelineId), 'statuses', {});
    return () => {
      const image = { entityType: 'statuses', value: { stages: stages.length } };
      const same = sameStage(op, stages);
      if (same) return [{ op, image, decision: { skip: 'a stage of this name is in the pipeline', result: { newStatusId: Number(same.id) } } }];
      return [{ op, image, decision: { write: definition(op) } }];
    };
  },
  request: (op, items) => ({ method: 'POST', path: statusesPath(parseParams<RevertStageParams>(op).pipelineId), body: items }),
  confirm(ops, data) {
    const list = obj(obj(data)?._embedded)?.statuses;
    const made = obj(Array.isArray(list) ? list[0] : null);
    return ops.map((op) => ({ op, result: { newStatusId: made ? Number(made.id) : null } }));
  },
  async readBack(ctx, ops) {
    const op = ops[0]!;
    const same = sameStage(op, await ctx.reads.all(statusesPath(parseParams<RevertStageParams>(op).pipelineId), 'statuses', {}));
    return () => [same ? { applied: { newStatusId: Number(same.id), readBack: true } } : { resend: definition(op) }];
  },
  touched: () => [],
  dryRun(ctx, groupOps) {
    for (const op of groupOps) {
      const path = statusesPath(parseParams<RevertStageParams>(op).pipelineId);
      ctx.request({ method: 'GET', path, entities: 1, read: true });
      ctx.written(1);
      ctx.request({ method: 'POST', path, entities: 1, read: false, body: [definition(op)] });
    }
  },
  revert: () => [],
};

export default stagesDelete;
