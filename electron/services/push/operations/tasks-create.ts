// runtime: node
/** tasks.create: a follow-up task on an active deal without an open task; undone by closing it (revert.task). */
import type { SqliteDb } from '../../db/open';
import { openLeadsWithoutOpenTask } from '../../snapshot/store';
import type { NewOperation, TasksCreateParams } from '../../plan/types';
import type { PushOperation } from './contract';
import { taskOperation } from './carriers/task';
import { z } from 'zod';
import { id } from './carriers/params';

/** tasks.create: a follow-up task on every active deal without an open task (finding leads.active_without_task). */
function build(
  db: SqliteDb,
  options: { text: string; dueDays: number; taskTypeId?: number; now?: number; ids?: readonly number[] },
): NewOperation[] {
  const nowSec = options.now ?? Math.floor(Date.now() / 1000);
  // a due date at 12:00 UTC, N days ahead: the same for every deal of the operation
  const completeTill = Math.floor(nowSec / 86400) * 86400 + options.dueDays * 86400 + 12 * 3600;
  const rows = openLeadsWithoutOpenTask(db);
  const wanted = options.ids ? new Set(options.ids) : null;
  return rows
    .filter((r) => !wanted || wanted.has(r.id))
    .map((r) => ({
      kind: 'tasks.create' as const,
      entityType: 'leads' as const,
      entityId: r.id,
      params: {
        text: options.text,
        completeTill,
        taskTypeId: options.taskTypeId ?? 1,
        responsibleUserId: r.responsible_user_id,
      } satisfies TasksCreateParams,
      source: 'finding:leads.active_without_task',
    }));
}


/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<TasksCreateParams> = z.object({ text: z.string(), completeTill: id, taskTypeId: id, responsibleUserId: id.nullable() });

export default {
  ...taskOperation({ kind: 'tasks.create', undoneBy: 'revert.task' }),
  params: schema,
  plan: {
    request: 'tasks.create',
    usage: 'tasks.create --text TEXT --due-days N a follow-up task on every active deal without an open task',
    needs: ['text'],
    build: (db, r) => build(db, { text: r.text!, dueDays: r.dueDays ?? 1, ...(r.ids ? { ids: r.ids } : {}) }),
    fromIntent: (db, { params, options, ids }) =>
      build(db, {
        text: typeof params.text === 'string' ? params.text : (options.text ?? 'Связаться с клиентом'),
        dueDays: typeof params.dueDays === 'number' ? params.dueDays : (options.dueDays ?? 1),
        ...(ids.length ? { ids } : {}),
      }),
  },
} satisfies PushOperation;
