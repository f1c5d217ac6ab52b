// runtime: node
/**
 * Kinds carried as a batched POST /api/v4/tasks on deals: a deal closed meanwhile, or one that
 * got an open task, is a conflict; told applied by finding the task's text and due time.
 */
import type { OperationRow, RevertTaskParams, TasksCreateParams } from '../../../plan/types';
import type { ApiObject } from '../../amo';
import { WRITE_BATCH } from '../../items';
import { obj, parseParams, single, type Carried } from '../contract';
import { CARDS, createdIdFinder } from './created';

export const ROLLBACK_TASK_TEXT = 'Отменено откатом AmoSweep (задача создана по ошибке)';

function taskConflict(lead: ApiObject | undefined, openTasks: ApiObject[]): string | null {
  if (!lead) return 'the deal is not in amoCRM (deleted?)';
  const status = Number(lead.status_id);
  if (status === 142 || status === 143) return 'the deal is closed now';
  if (openTasks.length > 0) return 'the deal has an open task now';
  return null;
}

export function taskOperation(k: { kind: OperationRow['kind']; undoneBy: OperationRow['kind'] }): Carried {
  return {
    ...single,
    kind: k.kind,
    preview: { shape: 'added', field: '@task', text: (op) => parseParams<TasksCreateParams>(op).text },
    groupLimit: WRITE_BATCH,
    batchSize: WRITE_BATCH,
    splitOnRefusal: true,
    async prepare(ctx, ops) {
      const ids = ops.map((o) => o.entity_id);
      const leads = await ctx.reads.entities('leads', ids);
      const tasks = await ctx.reads.tasksOf(ids);
      return () =>
        ops.map((op) => {
          const lead = leads.get(op.entity_id);
          const open = (tasks.get(op.entity_id) ?? []).filter((x) => x.is_completed !== true);
          const image = { entityType: 'leads', value: lead ? { lead, openTasks: open } : { missing: true } };
          const problem = taskConflict(lead, open);
          if (problem) return { op, image, decision: { conflict: problem } };
          const p = parseParams<TasksCreateParams>(op);
          const item = {
            entity_id: op.entity_id,
            entity_type: 'leads',
            text: p.text,
            complete_till: p.completeTill,
            task_type_id: p.taskTypeId,
            responsible_user_id: p.responsibleUserId ?? lead?.responsible_user_id,
            request_id: String(op.id),
          };
          return { op, image, decision: { write: item } };
        });
    },
    request: (_first, items) => ({ method: 'POST', path: '/api/v4/tasks', body: items }),
    confirm(ops, data, req) {
      const createdId = createdIdFinder(obj(obj(data)?._embedded)?.tasks, req.body);
      return ops.map((op) => ({ op, result: { taskId: createdId(op.id) } }));
    },
    async readBack(ctx, ops, itemOf) {
      const ids = ops.map((o) => o.entity_id);
      const leads = await ctx.reads.entities('leads', ids);
      const tasks = await ctx.reads.tasksOf(ids);
      return () =>
        ops.map((op) => {
          const p = parseParams<TasksCreateParams>(op);
          const all = tasks.get(op.entity_id) ?? [];
          const mine = all.find((x) => x.text === p.text && Number(x.complete_till) === p.completeTill);
          if (mine) return { applied: { taskId: Number(mine.id), readBack: true } };
          const problem = taskConflict(leads.get(op.entity_id), all.filter((x) => x.is_completed !== true));
          return problem ? { conflict: problem } : { resend: itemOf(op) };
        });
    },
    touched: (op) => (CARDS.has(op.entity_type) ? [[op.entity_type, op.entity_id]] : []),
    dryRun(ctx, groupOps) {
      for (let i = 0; i < groupOps.length; i += WRITE_BATCH) {
        const chunk = groupOps.slice(i, i + WRITE_BATCH);
        ctx.request({ method: 'GET', path: '/api/v4/leads?filter[id][]=…', entities: chunk.length, read: true });
        ctx.request({ method: 'GET', path: '/api/v4/tasks?filter[entity_id][]=…', entities: chunk.length, read: true });
        const body = chunk.map((op) => {
          const p = parseParams<TasksCreateParams>(op);
          return { entity_id: op.entity_id, entity_type: 'leads', text: p.text, complete_till: p.completeTill, task_type_id: p.taskTypeId, responsible_user_id: p.responsibleUserId };
        });
        ctx.written(body.length);
        ctx.request({ method: 'POST', path: '/api/v4/tasks', entities: body.length, read: false, body });
        ctx.request({ method: 'GET', path: '/api/v4/leads?filter[id][]=…', entities: chunk.length, read: true });
      }
    },
    revert(op, _before, result) {
      const taskId = result.taskId;
      if (!taskId) return [];
      // the public API cannot delete a task: it is closed with a result that says why
      return [{ kind: k.undoneBy, entityType: 'tasks', entityId: Number(taskId), params: { resultText: ROLLBACK_TASK_TEXT } satisfies RevertTaskParams, source: `revert:${op.kind}`, reverts: op.id }];
    },
  };
}
