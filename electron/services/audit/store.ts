// runtime: node
/** The audit's records in the snapshot (migration 0002): runs for trends, fix intents. */
import type { AuditEntityType, AuditReport, FixIntent } from '../../../shared/audit/types';
import { hasTable, type DbReader, type DbWriter } from '../db/handles';

export function saveAuditRun(db: DbWriter, report: AuditReport, appVersion: string | null): number {
  return db.transaction(() => {
    const info = db
      .prepare('INSERT INTO audit_runs (created_at, as_of, app_version, duration_ms, analytics) VALUES (?, ?, ?, ?, ?)')
      .run(
        Math.floor(Date.parse(report.generatedAt) / 1000),
        Math.floor(Date.parse(report.asOf) / 1000),
        appVersion,
        report.durationMs,
        JSON.stringify(report.analytics),
      );
    const runId = Number(info.lastInsertRowid);
    const ins = db.prepare('INSERT INTO audit_findings (run_id, finding_id, count, groups, total) VALUES (?, ?, ?, ?, ?)');
    for (const f of report.findings) ins.run(runId, f.id, f.count, f.groups ?? null, f.total ?? null);
    return runId;
  })();
}

/** Counts of the newest stored audit run ("<id>" and "<id>.groups"), or null when none was stored. */
export function latestRunCounts(db: DbReader): { asOf: number; counts: Record<string, number> } | null {
  if (!hasTable(db, 'audit_runs')) return null;
  const run = db.prepare('SELECT id, as_of FROM audit_runs ORDER BY created_at DESC, id DESC LIMIT 1').get() as
    | { id: number; as_of: number }
    | undefined;
  if (!run) return null;
  const counts: Record<string, number> = {};
  for (const r of db.prepare('SELECT finding_id, count, groups FROM audit_findings WHERE run_id = ?').all(run.id) as {
    finding_id: string;
    count: number;
    groups: number | null;
  }[]) {
    counts[r.finding_id] = r.count;
    if (r.groups !== null) counts[`${r.finding_id}.groups`] = r.groups;
  }
  return { asOf: run.as_of, counts };
}

export function recordFixIntent(
  db: DbWriter,
  intent: { findingId: string; operation: string; entityType: AuditEntityType | null; ids: (number | string)[]; params?: unknown },
): FixIntent {
  // Fix clicked twice on the same entities: the pending intent already recorded is the answer
  const same = db
    .prepare("SELECT id, created_at FROM audit_fix_intents WHERE status = 'pending' AND finding_id = ? AND operation = ? AND entity_ids = ? ORDER BY id LIMIT 1")
    .get(intent.findingId, intent.operation, JSON.stringify(intent.ids)) as { id: number; created_at: number } | undefined;
  if (same) {
    return { id: same.id, findingId: intent.findingId, operation: intent.operation, entityType: intent.entityType, entityCount: intent.ids.length, createdAt: same.created_at, status: 'pending' };
  }
  const createdAt = Math.floor(Date.now() / 1000);
  const info = db
    .prepare('INSERT INTO audit_fix_intents (finding_id, operation, entity_type, entity_ids, params, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(intent.findingId, intent.operation, intent.entityType, JSON.stringify(intent.ids), intent.params === undefined ? null : JSON.stringify(intent.params), createdAt);
  return {
    id: Number(info.lastInsertRowid),
    findingId: intent.findingId,
    operation: intent.operation,
    entityType: intent.entityType,
    entityCount: intent.ids.length,
    createdAt,
    status: 'pending',
  };
}

/** Removes a pending intent (one already taken over by a plan stays: the plan names it). True when one was removed. */
export function removeFixIntent(db: DbWriter, id: number): boolean {
  if (!hasTable(db, 'audit_fix_intents')) return false;
  return db.prepare("DELETE FROM audit_fix_intents WHERE id = ? AND status = 'pending'").run(id).changes > 0;
}

export function listFixIntents(db: DbReader): FixIntent[] {
  if (!hasTable(db, 'audit_fix_intents')) return [];
  return (
    db
      .prepare(
        'SELECT id, finding_id, operation, entity_type, json_array_length(entity_ids) AS n, created_at, status FROM audit_fix_intents ORDER BY id',
      )
      .all() as { id: number; finding_id: string; operation: string; entity_type: string | null; n: number; created_at: number; status: string }[]
  ).map((r) => ({
    id: r.id,
    findingId: r.finding_id,
    operation: r.operation,
    entityType: r.entity_type as AuditEntityType | null,
    entityCount: r.n,
    createdAt: r.created_at,
    status: r.status,
  }));
}

/** A pending Fix intent as the plan reads it (audit_fix_intents is the audit's table: plan calls these, never its SQL). */
export interface PendingFixIntent {
  id: number;
  findingId: string;
  operation: string;
  entityType: string | null;
  /** the flagged ids at the time of the Fix (none: the finding's whole default set) */
  ids: number[];
  /** the flagged ids as recorded (a stage is "pipeline:status") */
  flagged: string[];
  params: Record<string, unknown>;
}

/** The pending Fix intents, oldest first; null when the file has no intents table. */
export function pendingFixIntents(db: DbReader): PendingFixIntent[] | null {
  if (!hasTable(db, 'audit_fix_intents')) return null;
  const rows = db.prepare("SELECT id, finding_id, operation, entity_type, entity_ids, params FROM audit_fix_intents WHERE status = 'pending' ORDER BY id").all() as {
    id: number;
    finding_id: string;
    operation: string;
    entity_type: string | null;
    entity_ids: string;
    params: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    findingId: r.finding_id,
    operation: r.operation,
    entityType: r.entity_type,
    ids: (JSON.parse(r.entity_ids) as unknown[]).map(Number).filter((n) => Number.isInteger(n) && n > 0),
    flagged: (JSON.parse(r.entity_ids) as unknown[]).map(String),
    params: r.params ? (JSON.parse(r.params) as Record<string, unknown>) : {},
  }));
}

/** Marks intents as planned in plan planId (one transaction). */
export function markFixIntentsPlanned(db: DbWriter, intentIds: readonly number[], planId: number): void {
  const mark = db.prepare("UPDATE audit_fix_intents SET status = 'planned', plan_ref = ? WHERE id = ?");
  db.transaction(() => {
    for (const id of intentIds) mark.run(`plan:${planId}`, id);
  })();
}

/**
 * The fix intents' params (they may quote an account's values), each read and, when `write`, written
 * back as `rewrite` answers (anonymize); the number of intents. A file without the audit tables has none.
 */
export function rewriteFixIntentParams(db: DbWriter, rewrite: (params: string | null, entityType: string) => string | null, write: boolean): number {
  if (!hasTable(db, 'audit_fix_intents')) return 0;
  const update = db.prepare('UPDATE audit_fix_intents SET params = ? WHERE id = ?');
  const rows = db.prepare('SELECT id, entity_type, params FROM audit_fix_intents').all() as { id: number; entity_type: string | null; params: string | null }[];
  for (const r of rows) {
    const params = rewrite(r.params, r.entity_type ?? '');
    if (write) update.run(params, r.id);
  }
  return rows.length;
}

/** Drops the stored analytics of every audit run (they quote values; the next run computes them again). */
export function clearRunAnalytics(db: DbWriter): void {
  if (hasTable(db, 'audit_runs')) db.prepare('UPDATE audit_runs SET analytics = NULL').run();
}
