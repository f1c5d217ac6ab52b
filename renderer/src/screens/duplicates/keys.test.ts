// runtime: browser
import { describe, expect, it } from 'vitest';
import { formatThreshold, formatWeight, levelKey, nextIndex, strengthOf } from './keys';

describe('nextIndex', () => {
  it('moves and clamps', () => {
    expect(nextIndex(-1, 3, 1)).toBe(0);
    expect(nextIndex(0, 3, 1)).toBe(1);
    expect(nextIndex(2, 3, 1)).toBe(2);
    expect(nextIndex(0, 3, -1)).toBe(0);
    expect(nextIndex(0, 0, 1)).toBe(-1);
  });
});

describe('levelKey', () => {
  it.each([
    [{ code: 'exact' as const }, { key: 'exact' }],
    [{ code: 'shared' as const }, { key: 'shared' }],
    [{ code: 'diminutive' as const }, { key: 'diminutive' }],
    [{ code: 'similar' as const, t: 0.92 }, { key: 'similarAt', t: 0.92 }],
    [{ code: 'similar' as const }, { key: 'similar' }],
    [{ code: 'typo_or_similar' as const, t: 0.92 }, { key: 'typoOrSimilar', t: 0.92 }],
    [{ code: 'street' as const, t: 0.9 }, { key: 'street', t: 0.9 }],
    [{ code: 'one_digit' as const }, { key: 'oneDigit' }],
    [{ code: 'login_elsewhere' as const }, { key: 'loginElsewhere' }],
    [{ code: 'same_year' as const }, { key: 'same_year' }],
    [{}, { key: 'other' }],
  ])('%j', (c, key) => expect(levelKey(c)).toEqual(key));
});

describe('strengthOf / formatWeight', () => {
  it('reads a weight as a strength for or against', () => {
    expect(strengthOf(5.38)).toEqual({ key: 'strong', against: false });
    expect(strengthOf(12)).toEqual({ key: 'veryStrong', against: false });
    expect(strengthOf(-3)).toEqual({ key: 'moderate', against: true });
    expect(strengthOf(0.4)).toEqual({ key: 'weak', against: false });
  });
  it('formats in the locale', () => {
    expect(formatWeight(5.38, 'ru')).toBe('+5,4');
    expect(formatWeight(5.38, 'en')).toBe('+5.4');
    expect(formatWeight(-2.04, 'en')).toBe('-2.0');
    expect(formatThreshold(0.92, 'ru')).toBe('0,92');
  });
});
