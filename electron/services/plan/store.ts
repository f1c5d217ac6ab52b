// runtime: node
import type { PlanOperationInfo, PlanSummary } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { checkParams, identifiedByParams, undoable } from '../push/operations';
import { hasTable } from '../db/handles';
import { countsByStatusAndKind, dropJournal, dropVersions, insertOperations, operationsOfPlan, unrevertedAppliedCounts } from './journal';
import type { NewOperation, PlanKind, PlanRow, PlanStatus } from './types';

const now = (): number => Math.floor(Date.now() / 1000);

const parse = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

export function getPlan(db: SqliteDb, id: number): PlanRow {
  const row = db.prepare('SELECT * FROM plans WHERE id = ?').get(id) as PlanRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No plan ${id} in this snapshot.`);
  return row;
}

export function createPlan(db: SqliteDb, kind: PlanKind, options: { title?: string; rollbackOf?: number } = {}): number {
  const info = db
    .prepare('INSERT INTO plans (kind, rollback_of, status, title, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(kind, options.rollbackOf ?? null, 'open', options.title ?? null, now());
  return Number(info.lastInsertRowid);
}

/** The forward plan that takes new operations: the newest one still open, or a new one. */
export function openPlanId(db: SqliteDb): number {
  const row = db.prepare("SELECT id FROM plans WHERE kind = 'forward' AND status = 'open' ORDER BY id DESC LIMIT 1").get() as
    | { id: number }
    | undefined;
  return row?.id ?? createPlan(db, 'forward');
}

export function setPlanStatus(db: SqliteDb, id: number, status: PlanStatus): void {
  const t = now();
  db.prepare(
    `UPDATE plans SET status = ?, started_at = CASE WHEN ? = 'running' THEN coalesce(started_at, ?) ELSE started_at END,
       finished_at = CASE WHEN ? IN ('done', 'failed', 'cancelled') THEN ? ELSE NULL END WHERE id = ?`,
  ).run(status, status, t, status, t, id);
}

/**
 * Adds operations to a plan. An operation of the same kind on the same entity that the plan
 * already holds (and has not finished) is not added twice. Returns how many were added.
 */
export function addOperations(db: SqliteDb, planId: number, ops: readonly NewOperation[], options: { dedupe?: boolean } = {}): number {
  const plan = getPlan(db, planId);
  if (plan.status !== 'open') throw new AppError('CONFLICT', `Plan ${planId} is ${plan.status}; operations can only be added to an open plan.`);
  // each kind's module owns the schema of its params: a malformed operation is refused before anything is written
  for (const op of ops) checkParams(op);
  // link operations differ by their target, and new roles by their name: for them the params are part of the identity (see insertOperations)
  return db.transaction(() => insertOperations(db, planId, ops, options.dedupe !== false, identifiedByParams))();
}

export function planSummary(db: SqliteDb, plan: PlanRow): PlanSummary {
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  let total = 0;
  for (const r of countsByStatusAndKind(db, plan.id)) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
    byKind[r.kind] = (byKind[r.kind] ?? 0) + r.n;
    total += r.n;
  }
  return {
    id: plan.id,
    kind: plan.kind,
    rollbackOf: plan.rollback_of,
    status: plan.status,
    title: plan.title,
    createdAt: plan.created_at,
    startedAt: plan.started_at,
    finishedAt: plan.finished_at,
    operations: total,
    byStatus,
    byKind,
    // applied operations a rollback can undo and none has undone or plans to undo (what "Откатить" would take)
    revertible: plan.kind === 'forward' && (byStatus.applied ?? 0) > 0 ? countRevertible(db, plan.id) : 0,
  };
}

/** applied operations a rollback can undo and none has undone or plans to undo (what "Откатить" would take); no undo through the API: a summary note, amoCRM's own merge, the merge's "Удалить" checkbox */
export function countRevertible(db: SqliteDb, planId: number): number {
  return unrevertedAppliedCounts(db, planId).reduce((n, r) => n + (undoable(r.kind, r.source) ? r.n : 0), 0);
}

export function listPlans(db: SqliteDb): PlanSummary[] {
  return (db.prepare('SELECT * FROM plans ORDER BY id').all() as PlanRow[]).map((p) => planSummary(db, p));
}

export function listOperations(
  db: SqliteDb,
  planId: number,
  options: { status?: string; offset?: number; limit?: number } = {},
): PlanOperationInfo[] {
  const rows = operationsOfPlan(db, planId, options.status, options.limit ?? -1, options.offset ?? 0);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    entityType: r.entity_type,
    entityId: r.entity_id,
    status: r.status,
    source: r.source,
    params: parse(r.params),
    result: parse(r.result),
  }));
}

/** The plan a push without --plan means: the newest forward plan not yet done, else the newest forward plan. */
export function defaultPushPlan(db: SqliteDb): number {
  const row =
    (db.prepare("SELECT id FROM plans WHERE kind = 'forward' AND status <> 'done' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined) ??
    (db.prepare("SELECT id FROM plans WHERE kind = 'forward' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined);
  if (!row) throw new AppError('NOT_FOUND', 'This snapshot has no change plan yet: add operations with "amosweep plan add".');
  return row.id;
}

/** The newest rollback plan of a plan (only one not done yet, with unfinished), or undefined. */
export function latestRollbackOf(db: SqliteDb, planId: number, options: { unfinished: boolean }): number | undefined {
  const sql = `SELECT id FROM plans WHERE kind = 'rollback' AND rollback_of = ?${options.unfinished ? " AND status <> 'done'" : ''} ORDER BY id DESC LIMIT 1`;
  return (db.prepare(sql).get(planId) as { id: number } | undefined)?.id;
}

/** Drops every change plan with its journal (anonymize: they hold values as written to amoCRM); rows dropped per table. */
export function dropPlans(db: SqliteDb): Record<string, number> {
  const dropped = dropJournal(db);
  if (hasTable(db, 'plans')) dropped.plans = db.prepare('DELETE FROM plans').run().changes;
  return { ...dropped, ...dropVersions(db) };
}
