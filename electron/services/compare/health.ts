// runtime: node
import type { FindingSummary, Severity } from '../../../shared/audit/types';

/** Severity weights of the health score. */
export const HEALTH_WEIGHTS: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

/**
 * The account's health score, 0–100, from the audit's findings:
 * 100 × (1 − Σ weight × flagged share ÷ Σ weight), where a finding's weight is its severity's
 * (critical 3, warning 2, info 1) and its flagged share is count ÷ total when the finding has a
 * population (contacts, deals...), else 1 when it flags anything and 0 when not.
 * 100 means no finding flags anything; a finding that flags its whole population costs its full
 * weight. Rounded to one decimal.
 */
export function healthScore(findings: readonly Pick<FindingSummary, 'severity' | 'count' | 'total'>[]): number {
  let weights = 0;
  let cost = 0;
  for (const f of findings) {
    const w = HEALTH_WEIGHTS[f.severity];
    weights += w;
    const share = f.total !== undefined && f.total > 0 ? Math.min(1, f.count / f.total) : f.count > 0 ? 1 : 0;
    cost += w * share;
  }
  return weights === 0 ? 100 : Math.round(1000 * (1 - cost / weights)) / 10;
}
