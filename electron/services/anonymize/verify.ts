// runtime: node
/**
 * The proof an anonymized copy carries: the audit and the matcher run on the original and on the
 * copy, and every figure, flagged id, duplicate group and link probability must be the same.
 * Strings (names of users, pipelines in evidence) are allowed to differ; everything else is not.
 */
import type { SqliteDb } from '../db/open';
import { runAudit } from '../audit/run';
import { runMatch } from '../match/engine';
import { presetRules } from '../match/rules';
import { MatchStore } from '../match/store';
import type { MatchEntity } from '../../../shared/api/methods/match';

export interface VerifyReport {
  findings: number;
  /** duplicate groups per entity, as the balanced preset finds them */
  groups: Record<MatchEntity, number>;
  /**
   * The largest change of a group's link probability. The groups must be the same; their
   * probabilities may move in the 5th decimal: the matcher samples random pairs to weigh its
   * levels, and a kept given name against a pseudonymized surname (word-order check) is not
   * exactly as similar as before.
   */
  maxConfidenceDelta: number;
  differences: string[];
  /** draws of pseudonyms made until one gave the same results (set by copy.ts) */
  draws?: number;
}

/** JSON with every string replaced: what must stay equal once names differ. */
function shape(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? '·' : v));
}

export interface MatchFigures {
  groups: { ids: number[]; confidence: number }[];
}

export function matchFigures(db: SqliteDb, entity: MatchEntity, signal?: AbortSignal): MatchFigures {
  const store = new MatchStore(db);
  const entities = store.loadEntities(entity);
  const forbidden = store.forbiddenPairs(entity);
  const key = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const run = runMatch(entities, {
    rules: presetRules('balanced', entity),
    ...(forbidden.size > 0 ? { forbidden: (a: string | number, b: string | number) => forbidden.has(key(Number(a), Number(b))) } : {}),
    ...(signal ? { signal } : {}),
  });
  return {
    groups: run.groups
      .map((g) => ({ ids: g.ids.map(Number).sort((a, b) => a - b), confidence: g.confidence }))
      .sort((a, b) => a.ids[0]! - b.ids[0]!),
  };
}

export function auditFigures(db: SqliteDb): { findings: Record<string, string>; analytics: string } {
  const run = runAudit(db);
  const findings: Record<string, string> = {};
  for (const f of run.report.findings) {
    const result = run.results.get(f.id);
    findings[f.id] = shape({
      count: f.count,
      groups: f.groups,
      total: f.total,
      flagged: f.flaggedCount,
      entities: result?.entities.map((e) => ({ t: e.entityType, ids: e.ids.map(String) })),
      groupList: result?.groupList,
      evidence: f.evidence,
    });
    // flagged ids and group members are compared as they are (strings in places)
    findings[f.id] += JSON.stringify({ ids: result?.entities.map((e) => e.ids), groupList: result?.groupList });
  }
  return { findings, analytics: shape(run.report.analytics) };
}

/** What the original gives: computed once, compared with every draw of pseudonyms. */
export interface OriginalFigures {
  audit: ReturnType<typeof auditFigures>;
  match: Record<MatchEntity, MatchFigures>;
}

export function originalFigures(original: SqliteDb, signal?: AbortSignal): OriginalFigures {
  const audit = auditFigures(original);
  const match = {} as Record<MatchEntity, MatchFigures>;
  for (const entity of ['contacts', 'companies'] as const) {
    signal?.throwIfAborted();
    match[entity] = matchFigures(original, entity, signal);
  }
  return { audit, match };
}

export function verifyCopy(original: SqliteDb | OriginalFigures, copy: SqliteDb, signal?: AbortSignal): VerifyReport {
  const figures = 'audit' in original && 'match' in original ? original : originalFigures(original, signal);
  const differences: string[] = [];
  const a = figures.audit;
  const b = auditFigures(copy);
  for (const id of Object.keys(a.findings)) {
    if (a.findings[id] !== b.findings[id]) differences.push(`audit finding ${id} differs`);
  }
  if (a.analytics !== b.analytics) differences.push('audit analytics differ');
  const groups = { contacts: 0, companies: 0 } as Record<MatchEntity, number>;
  let maxConfidenceDelta = 0;
  for (const entity of ['contacts', 'companies'] as const) {
    signal?.throwIfAborted();
    const x = figures.match[entity];
    const y = matchFigures(copy, entity, signal);
    groups[entity] = x.groups.length;
    const ids = (f: MatchFigures) => JSON.stringify(f.groups.map((g) => g.ids));
    if (ids(x) === ids(y)) {
      x.groups.forEach((g, i) => (maxConfidenceDelta = Math.max(maxConfidenceDelta, Math.abs(g.confidence - y.groups[i]!.confidence))));
    } else {
      const keyOf = (g: { ids: number[] }) => g.ids.join(',');
      const ys = new Set(y.groups.map(keyOf));
      const xs = new Set(x.groups.map(keyOf));
      const lost = x.groups.filter((g) => !ys.has(keyOf(g))).length;
      const gained = y.groups.filter((g) => !xs.has(keyOf(g))).length;
      differences.push(`${entity}: duplicate groups differ (${x.groups.length} → ${y.groups.length}; ${lost} lost, ${gained} new)`);
    }
  }
  return { findings: Object.keys(a.findings).length, groups, maxConfidenceDelta, differences };
}
