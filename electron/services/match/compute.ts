// runtime: node
/**
 * Duplicates computed and answered, never stored (the read-only match.compute and match.file):
 * a snapshot file opened read-only at its own schema, or a JSONL file of API v4 entities.
 * The matching runs in this thread, as the CLI always ran it; the app's match.run uses the worker.
 */
import { MIGRATIONS } from '../db/migrations/index';
import { hasTable } from '../db/handles';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { runMatch, type MatchRun } from './engine';
import { readJsonl } from './input';
import type { Rules } from './rules';
import { MatchStore } from './store';
import type { AmoEntity, EntityKind } from './types';

/** Opens read-only; a snapshot written before the newest migrations is read at its own schema, never upgraded. */
export function openReadOnlyAnySchema(file: string, nativeBinding?: string): SqliteDb {
  const binding = nativeBinding ? { nativeBinding } : {};
  try {
    return openSnapshotDb(file, { mode: 'readonly', ...binding });
  } catch (error) {
    if (!/older AmoSweep/.test((error as Error).message)) throw error;
    for (let k = MIGRATIONS.length - 1; k >= 1; k--) {
      try {
        return openSnapshotDb(file, { mode: 'readonly', migrations: MIGRATIONS.slice(0, k), ...binding });
      } catch {
        // try an older schema
      }
    }
    throw error;
  }
}

export interface ComputedGroups {
  entity: EntityKind;
  records: number;
  groups: number[][];
  seconds: number;
}

/** The duplicate groups of each entity of a snapshot file; "not a duplicate" decisions are respected. */
export async function computeSnapshotDuplicates(
  file: string,
  plan: { entity: EntityKind; rules: Rules }[],
  options: { signal?: AbortSignal; nativeBinding?: string; onEntity?: (entity: EntityKind, index: number) => void | Promise<void> } = {},
): Promise<ComputedGroups[]> {
  const db = openReadOnlyAnySchema(file, options.nativeBinding);
  try {
    const store = new MatchStore(db);
    const out: ComputedGroups[] = [];
    for (const [index, { entity, rules }] of plan.entries()) {
      await options.onEntity?.(entity, index);
      const t = performance.now();
      const entities = store.loadEntities(entity);
      // a snapshot from before match decisions existed (schema < 3) has none
      const forbidden = hasTable(db, 'match_decision_pairs') ? store.forbiddenPairs(entity) : new Set<string>();
      const result = runMatch(entities, {
        rules,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(forbidden.size > 0 ? { forbidden: (a, b) => forbidden.has(Number(a) < Number(b) ? `${a},${b}` : `${b},${a}`) } : {}),
      });
      out.push({ entity, records: entities.length, groups: result.groups.map((g) => g.ids.map(Number)), seconds: Math.round(performance.now() - t) / 1000 });
    }
    return out;
  } finally {
    closeSnapshotDb(db);
  }
}

/** The groups of a JSONL file of entities, with every group's link explanations when asked. */
export async function matchJsonlFile(
  file: string,
  options: { rules: Rules; crossSource: boolean; explain: boolean; signal?: AbortSignal },
): Promise<{ run: MatchRun; explanations?: unknown[][] }> {
  const entities: AmoEntity[] = await readJsonl(file);
  const run = runMatch(entities, { rules: options.rules, crossSource: options.crossSource, ...(options.signal ? { signal: options.signal } : {}) });
  if (!options.explain) return { run };
  const index = new Map(entities.map((e, i) => [e.id, i]));
  return { run, explanations: run.groups.map((g) => g.links.map((l) => run.model.explain(index.get(g.ids[l.a]!)!, index.get(g.ids[l.b]!)!))) };
}
