// runtime: node
/** Tasks and task types: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';

/** Ids of the leads with at least one open task on the deal itself. */
export function leadIdsWithOpenTask(db: DbReader): number[] {
  return (
    db
      .prepare("SELECT DISTINCT entity_id FROM tasks WHERE entity_type IN ('leads', 'lead') AND is_completed = 0 AND entity_id IS NOT NULL")
      .raw()
      .all() as [number][]
  ).map((r) => r[0]);
}

/** Every task type as {id, code}, by id. */
export function taskTypeCodes(db: DbReader): { id: number; code: string | null }[] {
  return db.prepare('SELECT id, code FROM task_types ORDER BY id').all() as { id: number; code: string | null }[];
}

/** The task types some task has. */
export function usedTaskTypeIds(db: DbReader): number[] {
  return (db.prepare('SELECT DISTINCT task_type_id FROM tasks WHERE task_type_id IS NOT NULL').raw().all() as [number][]).map((r) => r[0]);
}

/** Per responsible user: [user, completed tasks, completed calls (type 1), completed meetings (type 2)]. */
export function completedTasksByUser(db: DbReader): [number, number, number | null, number | null][] {
  return db
    .prepare(
      `SELECT responsible_user_id, count(*), sum(task_type_id = 1), sum(task_type_id = 2) FROM tasks
       WHERE is_completed = 1 AND responsible_user_id IS NOT NULL GROUP BY responsible_user_id`,
    )
    .raw()
    .all() as [number, number, number | null, number | null][];
}

/** Summary rows [id, name, code] of the task types whose ids are in the JSON array `idsJson`. */
export function taskTypeSummaries(db: DbReader, idsJson: string): [number, string, string][] {
  return db.prepare("SELECT id, name, coalesce(code, '') FROM task_types WHERE id IN (SELECT value FROM json_each(?))").raw().all(idsJson) as [
    number,
    string,
    string,
  ][];
}

/** Streams [lead id, updated, result text] of the tasks on leads that have a result text. */
export function leadTaskResultStream(db: DbReader): IterableIterator<[number, number | null, string]> {
  return db
    .prepare("SELECT entity_id, updated_at, result_text FROM tasks WHERE entity_type = 'leads' AND result_text IS NOT NULL AND result_text <> ''")
    .raw(true)
    .iterate() as IterableIterator<[number, number | null, string]>;
}

/** {id} of the open tasks of one entity, by id. */
export function openTasksOf(db: DbReader, entityType: string, entityId: number): { id: number }[] {
  return db.prepare('SELECT id FROM tasks WHERE entity_type = ? AND entity_id = ? AND is_completed = 0 ORDER BY id').all(entityType, entityId) as { id: number }[];
}
