// runtime: browser
import type { AuditSection, FindingSummary, PreviousAudit, Severity } from '../../../../shared/audit/types';

export const SECTIONS: AuditSection[] = ['overview', 'users', 'integrations', 'general'];
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export interface Trend {
  previous: number;
  /** current − previous */
  delta: number;
  /** true when the change is an improvement (fewer problems) */
  better: boolean | null;
}

/** The change of a finding's count against the previous snapshot of the same account. */
export function trendOf(finding: Pick<FindingSummary, 'id' | 'count'>, previous: PreviousAudit | null | undefined): Trend | null {
  const before = previous?.counts[finding.id];
  if (before === undefined) return null;
  const delta = finding.count - before;
  // account.* figures are sizes, not problems: a change is neither better nor worse
  const better = finding.id.startsWith('account.') || delta === 0 ? null : delta < 0;
  return { previous: before, delta, better };
}

/** Findings of one report section, problems first (severity, then count). account.* figures stay in their order. */
export function findingsOf(findings: FindingSummary[], section: AuditSection): FindingSummary[] {
  return findings
    .filter((f) => f.section === section && !f.id.startsWith('account.'))
    .sort((a, b) => (b.count > 0 ? 1 : 0) - (a.count > 0 ? 1 : 0) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count);
}

export const accountFigures = (findings: FindingSummary[]): FindingSummary[] => findings.filter((f) => f.id.startsWith('account.'));
