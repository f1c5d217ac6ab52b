// runtime: node
/**
 * Dry run: every request a push of the plan would send, counted and timed at the configured
 * rate, computed against the snapshot. Nothing is sent. What each kind would send comes from
 * the registry (operations/index.ts).
 */
import type { DryRunRequest, DryRunResult } from '../../../shared/api/methods/plan';
import type { SqliteDb } from '../db/open';
import { entityRaw, type EntityTable } from '../snapshot/store';
import { openOperations } from '../plan/journal';
import { getPlan } from '../plan/store';
import type { OperationRow } from '../plan/types';
import type { ApiObject } from './amo';
import { operationOf, type DryRunContext } from './operations';

const CARDS = ['leads', 'contacts', 'companies'];

export function dryRun(db: SqliteDb, planId: number, options: { rps?: number; limit?: number } = {}): DryRunResult {
  getPlan(db, planId);
  const rps = options.rps ?? 7;
  const limit = options.limit ?? 1000;
  // groups in the order the engine takes them: by first appearance of (kind, entity type)
  const groups = new Map<string, OperationRow[]>();
  for (const op of openOperations(db, planId)) {
    // operations writing to a field made by the push wait for it: one group per field, as the engine sends them
    const from = (JSON.parse(op.params) as { fieldFrom?: { kind: string; entityType: string; entityId: number } }).fieldFrom;
    const byField = from && operationOf(op.kind).dryRunGroupsByCreatedField;
    const key = `${op.kind}|${op.entity_type}${byField ? `|${from.kind}:${from.entityType}:${from.entityId}` : ''}`;
    const list = groups.get(key) ?? [];
    list.push(op);
    groups.set(key, list);
  }
  const list: DryRunRequest[] = [];
  let requests = 0;
  let entities = 0;
  let noop = 0;
  const byKind: DryRunResult['byKind'] = [];
  const warnings: string[] = [];
  const ctx: DryRunContext = {
    db,
    raw(entityType, id) {
      if (!CARDS.includes(entityType)) return null;
      const row = entityRaw(db, entityType as EntityTable, id);
      return row ? (JSON.parse(row.raw) as ApiObject) : null;
    },
    request(r) {
      requests++;
      if (list.length < limit) list.push(r);
    },
    written: (n) => void (entities += n),
    noop: () => void noop++,
    warn: (text) => void warnings.push(text),
  };
  for (const groupOps of groups.values()) {
    const before = requests;
    operationOf(groupOps[0]!.kind).dryRun(ctx, groupOps);
    byKind.push({ kind: groupOps[0]!.kind, operations: groupOps.length, requests: requests - before });
  }
  return { plan: planId, requests, entities, noop, estimatedSeconds: Math.round((requests / rps) * 10) / 10, rps, byKind, list, ...(warnings.length ? { warnings } : {}) };
}

/** "1 240 operations → 3 900 requests → about 9.5 min at 7 rps" */
export function describeDryRun(r: DryRunResult, operations: number): string {
  const n = (x: number) => x.toLocaleString('ru-RU').replace(/\u00a0/g, ' ');
  const time = r.estimatedSeconds >= 90 ? `${(r.estimatedSeconds / 60).toFixed(1)} min` : `${Math.ceil(r.estimatedSeconds)} s`;
  const warn = (r.warnings ?? []).map((w) => `; WARNING: ${w}`).join('');
  return `${n(operations)} operations → ${n(r.requests)} requests → about ${time} at ${r.rps} rps (${n(r.entities)} entities written, ${n(r.noop)} already clean)${warn}`;
}
