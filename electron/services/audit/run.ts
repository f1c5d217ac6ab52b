// runtime: node
import type { AuditAccountInfo, AuditReport, EntityId, FindingSummary } from '../../../shared/audit/types';
import type { SqliteDb } from '../db/open';
import { computeAnalytics } from './analytics/index';
import { AuditContext } from './context';
import { RULES } from './rules/index';
import type { AuditOptions, AuditRule, RuleResult } from './types';
import { hasMetaKey } from '../snapshot/meta';
import { accountRow } from '../snapshot/store';

export interface AuditRun {
  report: AuditReport;
  /** every rule's full result (all flagged ids), by finding id */
  results: Map<string, RuleResult>;
}

export function readAccountInfo(db: SqliteDb): AuditAccountInfo {
  const row = accountRow(db);
  return {
    id: row?.id ?? null,
    name: row?.name ?? null,
    subdomain: row?.subdomain ?? null,
    createdAt: row?.created_at ?? null,
    currency: row?.currency ?? null,
  };
}

export function summarize(rule: AuditRule, result: RuleResult, sampleSize: number): FindingSummary {
  const sampleIds: EntityId[] = [];
  let flaggedCount = 0;
  for (const e of result.entities) {
    flaggedCount += e.ids.length;
    for (const id of e.ids) {
      if (sampleIds.length >= sampleSize) break;
      sampleIds.push(id);
    }
  }
  const { run: _run, ...meta } = rule;
  return {
    ...meta,
    count: result.count,
    ...(result.groups !== undefined ? { groups: result.groups } : {}),
    ...(result.total !== undefined ? { total: result.total, share: result.total > 0 ? result.count / result.total : 0 } : {}),
    sampleIds,
    flaggedCount,
    ...(result.evidence ? { evidence: result.evidence } : {}),
  };
}

/** Runs every rule (or the given ones) and the analytics over one snapshot. Reads only. */
export function runAudit(
  db: SqliteDb,
  options: AuditOptions = {},
  rules: readonly AuditRule[] = RULES,
  /** called after each rule (done of total, the rule's id) and once more after the analytics */
  onProgress?: (done: number, total: number, id: string) => void,
): AuditRun {
  const started = performance.now();
  const ctx = new AuditContext(db, options);
  const results = new Map<string, RuleResult>();
  const findings: FindingSummary[] = [];
  const usersUnread = usersUnreadable(db);
  for (const rule of rules) {
    const result = rule.run(ctx);
    results.set(rule.id, result);
    const summary = summarize(rule, result, ctx.options.sampleSize);
    findings.push(usersUnread && dependsOnUsers(rule) ? notComputed(summary, USERS_NOT_READ) : summary);
    onProgress?.(findings.length, rules.length + 1, rule.id);
  }
  const analytics = computeAnalytics(ctx);
  onProgress?.(rules.length + 1, rules.length + 1, 'analytics');
  const report: AuditReport = {
    asOf: new Date(ctx.asOf * 1000).toISOString(),
    windowStart: new Date(ctx.windowStart * 1000).toISOString(),
    windowMonths: ctx.options.windowMonths,
    generatedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    account: readAccountInfo(db),
    findings,
    analytics,
  };
  return { report, results };
}

/** Why the user and rights findings are not computed for a snapshot taken with a non-admin token. */
export const USERS_NOT_READ = {
  ru: 'Не посчитано: amoCRM не отдал список пользователей (403). Для этого нужен токен администратора.',
  en: 'Not computed: amoCRM refused the list of users (403). An admin token is needed for it.',
};

/** true when the snapshot recorded that amoCRM refused its users list (see the runner). */
export function usersUnreadable(db: SqliteDb): boolean {
  try {
    return hasMetaKey(db, 'warning_users');
  } catch {
    return false;
  }
}

const dependsOnUsers = (rule: AuditRule): boolean => rule.section === 'users' || rule.id === 'account.users';

function notComputed(f: FindingSummary, reason: { ru: string; en: string }): FindingSummary {
  const { share: _share, total: _total, evidence: _evidence, ...rest } = f;
  return { ...rest, count: 0, sampleIds: [], flaggedCount: 0, notComputed: reason };
}
