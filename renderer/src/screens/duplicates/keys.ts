// runtime: browser
import type { MatchComparisonView } from '../../../../shared/api/methods/match';

/** The next row index for j (step 1) / k (step -1), clamped to the list. */
export function nextIndex(current: number, length: number, step: number): number {
  if (length <= 0) return -1;
  if (current < 0) return 0;
  return Math.min(length - 1, Math.max(0, current + step));
}

/** The locale key (under duplicates:level) of each stable level code the engine sends. */
const LEVEL_KEYS: Record<NonNullable<MatchComparisonView['code']>, string> = {
  exact: 'exact',
  shared: 'shared',
  diminutive: 'diminutive',
  similar: 'similar',
  typo_or_similar: 'typoOrSimilar',
  typo: 'typo',
  one_digit: 'oneDigit',
  one_slip: 'oneSlip',
  login_elsewhere: 'loginElsewhere',
  street: 'street',
  date_typo: 'dateTypo',
  same_year: 'same_year',
  different: 'different',
  missing: 'missing',
};

/** The i18n key (under duplicates:level) and threshold of a comparison's level code; a run stored before codes shows "other". */
export function levelKey(c: Pick<MatchComparisonView, 'code' | 't'>): { key: string; t?: number } {
  if (!c.code) return { key: 'other' };
  const key = c.code === 'similar' && c.t !== undefined ? 'similarAt' : LEVEL_KEYS[c.code];
  return c.t !== undefined ? { key, t: c.t } : { key };
}

export type Strength = 'veryStrong' | 'strong' | 'moderate' | 'weak';

/**
 * A log2 Bayes factor as a strength a person reads: ≥ 10 bits (a thousandfold) very strong, ≥ 5
 * (32-fold) strong, ≥ 2 (4-fold) moderate, else weak; a negative weight is evidence against.
 */
export function strengthOf(weight: number): { key: Strength; against: boolean } {
  const w = Math.abs(weight);
  const key: Strength = w >= 10 ? 'veryStrong' : w >= 5 ? 'strong' : w >= 2 ? 'moderate' : 'weak';
  return { key, against: weight < 0 };
}

/** A weight with its sign and one decimal in the locale's format ("+5,4" in Russian). */
export function formatWeight(weight: number, lang: string): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(weight);
}

/** A similarity threshold in the locale's format ("0,92" in Russian). */
export function formatThreshold(t: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(t);
}
