// runtime: node
/** Pipelines, their statuses (stages) and the loss reasons: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';
import { PAIRS } from './pairs';

export interface PipelineRow {
  id: number;
  name: string;
  sort: number;
  isArchive: number;
}

export interface StatusRow {
  pipelineId: number;
  id: number;
  name: string;
  sort: number;
  type: number;
}

/** Every pipeline by sort then id (null name and sort read as '' and 0). */
export function pipelineRows(db: DbReader): PipelineRow[] {
  return db
    .prepare("SELECT id, coalesce(name, '') AS name, coalesce(sort, 0) AS sort, is_archive AS isArchive FROM pipelines ORDER BY sort, id")
    .all() as PipelineRow[];
}

/** Every status by pipeline, sort, id. */
export function statusRows(db: DbReader): StatusRow[] {
  return db
    .prepare("SELECT pipeline_id AS pipelineId, id, coalesce(name, '') AS name, coalesce(sort, 0) AS sort, type FROM statuses ORDER BY pipeline_id, sort, id")
    .all() as StatusRow[];
}

/** Summary rows [id, name, working stages] of the pipelines whose ids are in the JSON array `idsJson`. */
export function pipelineSummaries(db: DbReader, idsJson: string): [number, string, number][] {
  return db
    .prepare(
      `SELECT p.id, coalesce(p.name, ''), (SELECT count(*) FROM statuses s WHERE s.pipeline_id = p.id AND s.type = 0 AND s.id NOT IN (142, 143))
       FROM pipelines p WHERE p.id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(idsJson) as [number, string, number][];
}

/** Summary rows [pipeline id, status id, pipeline name, status name] of the [pipeline, status] pairs of `pairsJson`. */
export function statusSummaries(db: DbReader, pairsJson: string): [number, number, string, string][] {
  return db
    .prepare(
      `SELECT s.pipeline_id, s.id, coalesce(p.name, ''), coalesce(s.name, '') FROM (${PAIRS}) k
   JOIN statuses s ON s.pipeline_id = CAST(k.a AS INTEGER) AND s.id = CAST(k.b AS INTEGER) LEFT JOIN pipelines p ON p.id = s.pipeline_id`,
    )
    .raw()
    .all(pairsJson) as [number, number, string, string][];
}

/** Loss reasons: id → name. */
export function lossReasonRows(db: DbReader): { id: number; name: string }[] {
  return db.prepare('SELECT id, name FROM loss_reasons').all() as { id: number; name: string }[];
}

/** Streams [pipeline id, status id, name] of every status. */
export function statusNameStream(db: DbReader): IterableIterator<[number, number, string | null]> {
  return db.prepare('SELECT pipeline_id, id, name FROM statuses').raw(true).iterate() as IterableIterator<[number, number, string | null]>;
}

/** Streams [id, name] of every pipeline. */
export function pipelineNameStream(db: DbReader): IterableIterator<[number, string | null]> {
  return db.prepare('SELECT id, name FROM pipelines').raw(true).iterate() as IterableIterator<[number, string | null]>;
}

/** The account's loss reasons {id, name}, in amoCRM's order (sort, then id). */
export function lossReasonsInOrder(db: DbReader): { id: number; name: string }[] {
  return db.prepare('SELECT id, name FROM loss_reasons ORDER BY sort, id').all() as { id: number; name: string }[];
}

/** Working stages (type 0, neither won nor lost) no lead is in (deleted leads count), by pipeline, sort, id. */
export function emptyWorkingStages(db: DbReader): { pipeline_id: number; id: number; name: string | null; sort: number | null; raw: string }[] {
  return db
    .prepare(
      `SELECT s.pipeline_id, s.id, s.name, s.sort, s.raw FROM statuses s
       WHERE s.type = 0 AND s.id NOT IN (142, 143)
         AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.pipeline_id = s.pipeline_id AND l.status_id = s.id)
       ORDER BY s.pipeline_id, s.sort, s.id`,
    )
    .all() as { pipeline_id: number; id: number; name: string | null; sort: number | null; raw: string }[];
}

/** A loss reason's name by id, or undefined. */
export function lossReasonName(db: DbReader, id: number): string | undefined {
  return (db.prepare('SELECT name FROM loss_reasons WHERE id = ?').get(id) as { name: string } | undefined)?.name;
}

/** A status's name by id, within a pipeline when one is given (the first found otherwise), or undefined. `pipelineId` is bound as given (an API value). */
export function statusName(db: DbReader, id: number, pipelineId: unknown): { name: string | null } | undefined {
  return db.prepare('SELECT name FROM statuses WHERE id = ? AND (? IS NULL OR pipeline_id = ?) LIMIT 1').get(id, pipelineId, pipelineId) as { name: string | null } | undefined;
}
