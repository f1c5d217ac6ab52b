// runtime: node
/**
 * The change plan's journal (migration 0004): plan_operations and their state, push runs,
 * batches, before-images and the versions our own writes produced. Every SQL statement on these
 * tables lives here, behind typed reads and writes; the push engine, the dry run, the rollback
 * and the plan's store call these functions and never prepare SQL on the journal themselves.
 */
import type { Statement } from 'better-sqlite3';
import { hasTable, type DbReader } from '../db/handles';
import type { SqliteDb } from '../db/open';
import type { NewOperation, OperationKind, OperationRow, OpRef, OpStatus } from './types';

export interface BatchRow {
  id: number;
  plan_id: number;
  kind: OperationKind;
  entity_type: string;
  status: 'pending' | 'sent' | 'confirmed' | 'failed';
  request: string | null;
  attempts: number;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** prepared statements, per connection */
const cache = new WeakMap<SqliteDb, Map<string, Statement>>();
function sql(db: SqliteDb, text: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(text);
  if (!s) m.set(text, (s = db.prepare(text)));
  return s;
}

// ---------- operations ----------

/**
 * Inserts operations; with dedupe, one of the same kind on the same entity the plan holds unfinished
 * is left out (for a kind `byParams` names, links and new roles: with the same params only).
 */
export function insertOperations(db: SqliteDb, planId: number, ops: readonly NewOperation[], dedupe: boolean, byParams: (kind: string) => boolean): number {
  const exists = sql(
    db,
    `SELECT 1 FROM plan_operations WHERE plan_id = ? AND kind = ? AND entity_type = ? AND entity_id = ? AND status IN ('planned', 'batched')
       AND (? = 0 OR params = ?)`,
  );
  const insert = sql(db, 'INSERT INTO plan_operations (plan_id, kind, entity_type, entity_id, params, source, reverts) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let n = 0;
  for (const op of ops) {
    if (dedupe && exists.get(planId, op.kind, op.entityType, op.entityId, byParams(op.kind) ? 1 : 0, JSON.stringify(op.params ?? {}))) continue;
    insert.run(planId, op.kind, op.entityType, op.entityId, JSON.stringify(op.params ?? {}), op.source ?? null, op.reverts ?? null);
    n++;
  }
  return n;
}

export const operationsOfPlan = (db: SqliteDb, planId: number, status?: string, limit = -1, offset = 0): OperationRow[] =>
  sql(db, 'SELECT * FROM plan_operations WHERE plan_id = ? AND (? IS NULL OR status = ?) ORDER BY id LIMIT ? OFFSET ?').all(planId, status ?? null, status ?? null, limit, offset) as OperationRow[];

export const operationsByIds = (db: SqliteDb, ids: readonly number[]): OperationRow[] =>
  ids.length === 0 ? [] : (db.prepare(`SELECT * FROM plan_operations WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as OperationRow[]);

/** the operations a push would still send, in order */
export const openOperations = (db: SqliteDb, planId: number): OperationRow[] =>
  sql(db, "SELECT * FROM plan_operations WHERE plan_id = ? AND status IN ('planned', 'batched') ORDER BY id").all(planId) as OperationRow[];

export const countOperations = (db: SqliteDb, planId: number): number => (sql(db, 'SELECT count(*) AS n FROM plan_operations WHERE plan_id = ?').get(planId) as { n: number }).n;

export const countsByStatusAndKind = (db: SqliteDb, planId: number): { status: string; kind: string; n: number }[] =>
  sql(db, 'SELECT status, kind, count(*) AS n FROM plan_operations WHERE plan_id = ? GROUP BY status, kind').all(planId) as { status: string; kind: string; n: number }[];

/** applied operations of a plan none has undone or plans to undo, counted by kind and source (of these, a rollback takes those it can undo) */
export const unrevertedAppliedCounts = (db: SqliteDb, planId: number): { kind: string; source: string | null; n: number }[] =>
  sql(
    db,
    `SELECT o.kind, o.source, count(*) AS n FROM plan_operations o WHERE o.plan_id = ? AND o.status = 'applied'
       AND NOT EXISTS (SELECT 1 FROM plan_operations r WHERE r.reverts = o.id AND r.status IN ('planned', 'batched', 'applied'))
     GROUP BY o.kind, o.source`,
  ).all(planId) as { kind: string; source: string | null; n: number }[];

/** applied operations of a plan no rollback has undone or plans to undo, newest batch first */
export const unrevertedApplied = (db: SqliteDb, planId: number): OperationRow[] =>
  sql(
    db,
    `SELECT * FROM plan_operations o WHERE plan_id = ? AND status = 'applied'
       AND NOT EXISTS (SELECT 1 FROM plan_operations r WHERE r.reverts = o.id AND r.status IN ('planned', 'batched', 'applied'))
     ORDER BY batch_id DESC, id DESC`,
  ).all(planId) as OperationRow[];

/** How many operations of the plan are in a state: open, failed, applied, conflict, skipped, and applied possibly over a concurrent edit. */
export function operationCounts(db: SqliteDb, planId: number): { open: number; failed: number; applied: number; conflict: number; skipped: number; possiblyOverwritten: number } {
  const r = sql(
    db,
    `SELECT coalesce(sum(status IN ('planned', 'batched')), 0) AS open, coalesce(sum(status = 'failed'), 0) AS failed, coalesce(sum(status = 'applied'), 0) AS applied,
       coalesce(sum(status = 'conflict'), 0) AS conflict, coalesce(sum(status = 'skipped'), 0) AS skipped,
       coalesce(sum(status = 'applied' AND json_extract(result, '$.possiblyOverwritten') IS NOT NULL), 0) AS possiblyOverwritten
     FROM plan_operations WHERE plan_id = ?`,
  ).get(planId) as Record<string, number>;
  return { open: r.open!, failed: r.failed!, applied: r.applied!, conflict: r.conflict!, skipped: r.skipped!, possiblyOverwritten: r.possiblyOverwritten! };
}

export const progressByKind = (db: SqliteDb, planId: number): { kind: string; total: number; done: number }[] =>
  sql(db, "SELECT kind, count(*) AS total, sum(status NOT IN ('planned', 'batched')) AS done FROM plan_operations WHERE plan_id = ? GROUP BY kind").all(planId) as {
    kind: string;
    total: number;
    done: number;
  }[];

export const firstPlanned = (db: SqliteDb, planId: number): OperationRow | undefined =>
  sql(db, "SELECT * FROM plan_operations WHERE plan_id = ? AND status = 'planned' ORDER BY id LIMIT 1").get(planId) as OperationRow | undefined;

export const plannedLike = (db: SqliteDb, planId: number, first: OperationRow, limit: number): OperationRow[] =>
  sql(db, "SELECT * FROM plan_operations WHERE plan_id = ? AND status = 'planned' AND kind = ? AND entity_type = ? ORDER BY id LIMIT ?").all(planId, first.kind, first.entity_type, limit) as OperationRow[];

/** the newest operation of the plan an OpRef names: its status and result */
export const referenced = (db: SqliteDb, planId: number, ref: OpRef): { status: OpStatus; result: string | null } | undefined =>
  sql(db, 'SELECT status, result FROM plan_operations WHERE plan_id = ? AND kind = ? AND entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT 1').get(planId, ref.kind, ref.entityType, ref.entityId) as
    | { status: OpStatus; result: string | null }
    | undefined;

/** failed and skipped operations, to be tried again */
export const failedOrSkipped = (db: SqliteDb, planId: number): { id: number; kind: OperationKind; status: string; result: string | null }[] =>
  sql(db, "SELECT id, kind, status, result FROM plan_operations WHERE plan_id = ? AND status IN ('failed', 'skipped') ORDER BY id").all(planId) as {
    id: number;
    kind: OperationKind;
    status: string;
    result: string | null;
  }[];

export const requeueOperation = (db: SqliteDb, opId: number, result: string): void => void sql(db, "UPDATE plan_operations SET status = 'planned', batch_id = NULL, result = ? WHERE id = ?").run(result, opId);

export const setOperationParams = (db: SqliteDb, opId: number, params: string): void => void sql(db, 'UPDATE plan_operations SET params = ? WHERE id = ?').run(params, opId);

/** an operation's end state; the result is merged into what it held */
export function finishOperation(db: SqliteDb, op: Pick<OperationRow, 'id' | 'result'>, status: 'applied' | 'conflict' | 'skipped' | 'failed', result: Record<string, unknown>, afterUpdatedAt?: number | null): void {
  const previous = op.result ? (JSON.parse(op.result) as Record<string, unknown>) : {};
  sql(db, 'UPDATE plan_operations SET status = ?, result = ?, after_updated_at = coalesce(?, after_updated_at) WHERE id = ?').run(status, JSON.stringify({ ...previous, ...result }), afterUpdatedAt ?? null, op.id);
}

export const batchOperations = (db: SqliteDb, batchId: number): OperationRow[] =>
  sql(db, "SELECT * FROM plan_operations WHERE batch_id = ? AND status = 'batched' ORDER BY id").all(batchId) as OperationRow[];

export const appliedOfBatch = (db: SqliteDb, batchId: number): OperationRow[] =>
  sql(db, "SELECT * FROM plan_operations WHERE batch_id = ? AND status = 'applied'").all(batchId) as OperationRow[];

/** applied operations of these batches with the batch's send time and the before-image's read time */
export function appliedWithImages(db: SqliteDb, batchIds: readonly number[]): (OperationRow & { sent: number | null; taken: number; image: string })[] {
  return db
    .prepare(
      `SELECT o.*, b.sent_at AS sent, i.taken_at AS taken, i.image AS image FROM plan_operations o
       JOIN push_batches b ON b.id = o.batch_id JOIN before_images i ON i.op_id = o.id
       WHERE o.batch_id IN (${batchIds.map(() => '?').join(',')}) AND o.status = 'applied'`,
    )
    .all(...batchIds) as (OperationRow & { sent: number | null; taken: number; image: string })[];
}

export const possiblyOverwritten = (db: SqliteDb, planId: number): { id: number; kind: string; entity_type: string; entity_id: number; p: string }[] =>
  sql(
    db,
    "SELECT id, kind, entity_type, entity_id, json_extract(result, '$.possiblyOverwritten') AS p FROM plan_operations WHERE plan_id = ? AND status = 'applied' AND json_extract(result, '$.possiblyOverwritten') IS NOT NULL ORDER BY id LIMIT 100",
  ).all(planId) as { id: number; kind: string; entity_type: string; entity_id: number; p: string }[];

// ---------- runs ----------

export const startRun = (db: SqliteDb, planId: number): number => Number(sql(db, 'INSERT INTO push_runs (plan_id, started_at) VALUES (?, ?)').run(planId, now()).lastInsertRowid);

export function finishRun(db: SqliteDb, runId: number, r: { status: string; requests: number; rejected429: number; error: string | null }): void {
  sql(db, 'UPDATE push_runs SET finished_at = ?, status = ?, requests = ?, rejected429 = ?, error = ? WHERE id = ?').run(now(), r.status, r.requests, r.rejected429, r.error, runId);
}

// ---------- batches ----------

export const batchById = (db: SqliteDb, id: number): BatchRow => sql(db, 'SELECT * FROM push_batches WHERE id = ?').get(id) as BatchRow;

export const unfinishedBatches = (db: SqliteDb, planId: number): BatchRow[] =>
  sql(db, "SELECT * FROM push_batches WHERE plan_id = ? AND status IN ('pending', 'sent') ORDER BY id").all(planId) as BatchRow[];

/** a new pending batch with its request, and its operations moved into it (batched, with their item as result) */
export function createBatch(db: SqliteDb, planId: number, kind: string, entityType: string, request: unknown, ops: readonly { opId: number; result: string }[], status: 'batched' | null = 'batched'): number {
  const id = Number(sql(db, 'INSERT INTO push_batches (plan_id, kind, entity_type, status, request, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(planId, kind, entityType, 'pending', JSON.stringify(request), now()).lastInsertRowid);
  for (const o of ops) {
    if (status === 'batched') sql(db, "UPDATE plan_operations SET status = 'batched', batch_id = ?, result = ? WHERE id = ?").run(id, o.result, o.opId);
    else sql(db, 'UPDATE plan_operations SET batch_id = ?, result = ? WHERE id = ?').run(id, o.result, o.opId);
  }
  return id;
}

export const markSent = (db: SqliteDb, batchId: number): void => void sql(db, "UPDATE push_batches SET status = 'sent', attempts = attempts + 1, sent_at = ? WHERE id = ?").run(now(), batchId);
export const setBatchError = (db: SqliteDb, batchId: number, error: string | null): void => void sql(db, 'UPDATE push_batches SET error = ? WHERE id = ?').run(error, batchId);
export const confirmBatch = (db: SqliteDb, batchId: number): void => void sql(db, "UPDATE push_batches SET status = 'confirmed', confirmed_at = ?, error = NULL WHERE id = ?").run(now(), batchId);
export const failBatch = (db: SqliteDb, batchId: number, error?: string): void =>
  void (error === undefined ? sql(db, "UPDATE push_batches SET status = 'failed' WHERE id = ?").run(batchId) : sql(db, "UPDATE push_batches SET status = 'failed', error = ? WHERE id = ?").run(error, batchId));
export const failSplitBatch = (db: SqliteDb, batchId: number): void =>
  void sql(db, "UPDATE push_batches SET status = 'failed', error = coalesce(error, 'split into single operations') WHERE id = ?").run(batchId);

/** a batch to be sent again with a new request; its operations keep their new item as result (when given) */
export function requeueBatch(db: SqliteDb, batchId: number, request: unknown, items: readonly { opId: number; result: string }[]): void {
  sql(db, "UPDATE push_batches SET status = 'pending', request = ? WHERE id = ?").run(JSON.stringify(request), batchId);
  for (const i of items) sql(db, 'UPDATE plan_operations SET result = ? WHERE id = ?').run(i.result, i.opId);
}

// ---------- before-images and versions ----------

export const saveImage = (db: SqliteDb, opId: number, entityType: string, entityId: number, image: unknown, takenAt: number): void =>
  void sql(db, 'INSERT OR REPLACE INTO before_images (op_id, entity_type, entity_id, image, taken_at) VALUES (?, ?, ?, ?, ?)').run(opId, entityType, entityId, JSON.stringify(image), takenAt);

/** the stored before-image of an operation (its JSON text), or undefined */
export const imageText = (db: SqliteDb, opId: number): string | undefined => (sql(db, 'SELECT image FROM before_images WHERE op_id = ?').get(opId) as { image: string } | undefined)?.image;

export const ownVersion = (db: SqliteDb, entityType: string, entityId: number): number | undefined =>
  (sql(db, 'SELECT updated_at AS t FROM entity_versions WHERE entity_type = ? AND entity_id = ?').get(entityType, entityId) as { t: number } | undefined)?.t;

/** never back in time: two batches in flight may record versions of one entity out of order */
export const recordVersion = (db: SqliteDb, entityType: string, entityId: number, updatedAt: number): void =>
  void sql(db, 'INSERT INTO entity_versions (entity_type, entity_id, updated_at) VALUES (?, ?, ?) ON CONFLICT (entity_type, entity_id) DO UPDATE SET updated_at = max(updated_at, excluded.updated_at)').run(entityType, entityId, updatedAt);

// ---------- reads for other capabilities (a DbReader: they never write the journal) ----------

/** how many operations of the plan a push would still send */
export const countOpenOperations = (db: DbReader, planId: number): number =>
  (db.prepare("SELECT count(*) AS n FROM plan_operations WHERE plan_id = ? AND status IN ('planned', 'batched')").get(planId) as { n: number }).n;

/**
 * Where the operations of one source (a merge group: merge:<entity>:<survivor>) stand: the newest
 * plan holding one still open, else the newest plan where one was applied and not undone by an
 * applied revert; null each when none (or the file has no change plan tables).
 */
export function sourceState(db: DbReader, source: string): { openPlan: number | null; appliedPlan: number | null } {
  if (!hasTable(db, 'plan_operations')) return { openPlan: null, appliedPlan: null };
  const open = db.prepare("SELECT plan_id FROM plan_operations WHERE source = ? AND status IN ('planned', 'batched') ORDER BY id DESC LIMIT 1").get(source) as { plan_id: number } | undefined;
  if (open) return { openPlan: open.plan_id, appliedPlan: null };
  const applied = db
    .prepare(
      `SELECT o.plan_id FROM plan_operations o WHERE o.source = ? AND o.status = 'applied'
         AND NOT EXISTS (SELECT 1 FROM plan_operations r WHERE r.reverts = o.id AND r.status = 'applied') ORDER BY o.id DESC LIMIT 1`,
    )
    .get(source) as { plan_id: number } | undefined;
  return { openPlan: null, appliedPlan: applied?.plan_id ?? null };
}

/** operation id → its batch, for the plan's operations that were batched */
export const batchOfOperations = (db: DbReader, planId: number): Map<number, number> =>
  new Map((db.prepare('SELECT id, batch_id FROM plan_operations WHERE plan_id = ? AND batch_id IS NOT NULL').all(planId) as { id: number; batch_id: number }[]).map((r) => [r.id, r.batch_id]));

export interface BatchInfo {
  id: number;
  kind: string;
  entity_type: string;
  status: string;
  request: string | null;
  attempts: number;
  created_at: number;
  sent_at: number | null;
  confirmed_at: number | null;
  error: string | null;
  /** operations in the batch */
  operations: number;
}

/** the plan's batches with their operation counts, in order ([] in a file without the journal) */
export const batchesOfPlan = (db: DbReader, planId: number): BatchInfo[] =>
  hasTable(db, 'push_batches')
    ? (db
        .prepare(
          `SELECT b.*, (SELECT count(*) FROM plan_operations o WHERE o.batch_id = b.id) AS operations
             FROM push_batches b WHERE b.plan_id = ? ORDER BY b.id`,
        )
        .all(planId) as BatchInfo[])
    : [];

export interface RunInfo {
  id: number;
  status: string;
  started_at: number;
  finished_at: number | null;
  requests: number;
  rejected429: number;
  error: string | null;
}

/** the plan's push runs, in order ([] in a file without the journal) */
export const runsOfPlan = (db: DbReader, planId: number): RunInfo[] =>
  hasTable(db, 'push_runs') ? (db.prepare('SELECT * FROM push_runs WHERE plan_id = ? ORDER BY id').all(planId) as RunInfo[]) : [];

/** Drops every row of the journal (anonymize: it holds values as written to amoCRM); rows dropped per table. */
export function dropJournal(db: SqliteDb): Record<string, number> {
  const dropped: Record<string, number> = {};
  // each table named literally (lint checks the tables SQL names)
  const deletes = {
    before_images: 'DELETE FROM before_images',
    push_batches: 'DELETE FROM push_batches',
    push_runs: 'DELETE FROM push_runs',
    plan_operations: 'DELETE FROM plan_operations',
  } as const;
  for (const [table, sql] of Object.entries(deletes)) if (hasTable(db, table)) dropped[table] = db.prepare(sql).run().changes;
  return dropped;
}

/** Drops the versions our own writes produced (after the plans: they are the file's, not a plan's). */
export function dropVersions(db: SqliteDb): Record<string, number> {
  return hasTable(db, 'entity_versions') ? { entity_versions: db.prepare('DELETE FROM entity_versions').run().changes } : {};
}
