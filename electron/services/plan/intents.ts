// runtime: node
/**
 * The audit's Fix button records intents (migration 0002, audit_fix_intents); the plan turns
 * the pending ones into operations and marks them planned. Intents whose operation the public
 * API cannot carry out (or that need an input the intent lacks) stay pending, with a note why.
 */
import type { SqliteDb } from '../db/open';
import { buildFieldsDelete, buildFillLossReason, buildNormalizePhones, buildSplitStuffed, buildTasksCreate } from './builders';
import { addOperations, openPlanId } from './store';
import type { NewOperation } from './types';

interface IntentRow {
  id: number;
  finding_id: string;
  operation: string;
  entity_type: string | null;
  entity_ids: string;
  params: string | null;
}

export function buildFromIntents(
  db: SqliteDb,
  options: { reason?: string; suggest?: boolean; text?: string; dueDays?: number } = {},
): { operations: NewOperation[]; intentIds: number[]; notes: string[] } {
  const notes: string[] = [];
  const operations: NewOperation[] = [];
  const intentIds: number[] = [];
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_fix_intents'").get();
  if (!hasTable) return { operations, intentIds, notes: ['This snapshot has no audit fix intents.'] };
  const rows = db.prepare("SELECT * FROM audit_fix_intents WHERE status = 'pending' ORDER BY id").all() as IntentRow[];
  for (const r of rows) {
    // the flagged ids at the time of the Fix; none means the finding's whole default set
    const ids = (JSON.parse(r.entity_ids) as unknown[]).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const params = r.params ? (JSON.parse(r.params) as Record<string, unknown>) : {};
    const inSet = (list: NewOperation[]) => {
      const wanted = new Set(ids);
      return ids.length ? list.filter((o) => wanted.has(o.entityId)) : list;
    };
    let ops: NewOperation[] | null = null;
    switch (r.operation) {
      case 'fill.loss_reason': {
        const reason = typeof params.reason === 'string' ? params.reason : options.reason;
        if (!reason && !options.suggest) notes.push(`intent ${r.id} (fill.loss_reason): no reason given; pass --reason NAME (or --suggest).`);
        else ops = buildFillLossReason(db, { ...(reason ? { reason } : {}), ...(options.suggest ? { suggest: true } : {}), ...(ids.length ? { ids } : {}) });
        break;
      }
      case 'tasks.create':
        ops = buildTasksCreate(db, {
          text: typeof params.text === 'string' ? params.text : (options.text ?? 'Связаться с клиентом'),
          dueDays: typeof params.dueDays === 'number' ? params.dueDays : (options.dueDays ?? 1),
          ...(ids.length ? { ids } : {}),
        });
        break;
      case 'split.stuffed':
        ops = inSet(buildSplitStuffed(db));
        break;
      case 'normalize.phones':
        ops = inSet(buildNormalizePhones(db));
        break;
      case 'fields.delete':
        ops = ids.flatMap((field) => buildFieldsDelete(db, { field }));
        break;
      default:
        notes.push(`intent ${r.id} (${r.operation} for ${r.finding_id}): not carried out by the change plan in this build; left pending.`);
    }
    if (ops) {
      // the intent names the source; a reason suggested from the notes stays marked as such
      for (const op of ops) op.source = `intent:${r.id}:${r.finding_id}${op.source?.endsWith('+notes') ? '+notes' : ''}`;
      operations.push(...ops);
      intentIds.push(r.id);
    }
  }
  return { operations, intentIds, notes };
}

export function markIntentsPlanned(db: SqliteDb, intentIds: readonly number[], planId: number): void {
  const mark = db.prepare("UPDATE audit_fix_intents SET status = 'planned', plan_ref = ? WHERE id = ?");
  db.transaction(() => {
    for (const id of intentIds) mark.run(`plan:${planId}`, id);
  })();
}

export interface IntentsAdded {
  /** null when there was no pending intent to add */
  plan: number | null;
  operations: number;
  intents: number;
  notes: string[];
}

/** The pending intents become operations of the open plan and are marked planned, in one transaction. */
export function addIntentsToPlan(db: SqliteDb, options: { reason?: string; suggest?: boolean; text?: string; dueDays?: number } = {}): IntentsAdded {
  const r = buildFromIntents(db, options);
  if (r.intentIds.length === 0) return { plan: null, operations: 0, intents: 0, notes: r.notes };
  return db.transaction(() => {
    const plan = openPlanId(db);
    const operations = addOperations(db, plan, r.operations);
    markIntentsPlanned(db, r.intentIds, plan);
    return { plan, operations, intents: r.intentIds.length, notes: r.notes };
  })();
}
