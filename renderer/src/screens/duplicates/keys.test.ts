// runtime: browser
import { describe, expect, it } from 'vitest';
import { levelKey, nextIndex } from './keys';

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
    ['exact', { key: 'exact' }],
    ['shared', { key: 'shared' }],
    ['same name (diminutive or spelling)', { key: 'diminutive' }],
    ['similar (≥0.92)', { key: 'similarAt', t: '0.92' }],
    ['one typo or similar (≥0.92)', { key: 'typoOrSimilar', t: '0.92' }],
    ['same number, street similar (≥0.9)', { key: 'street', t: '0.9' }],
    ['same year', { key: 'same_year' }],
    ['something new', { key: 'other' }],
  ])('%s', (level, key) => expect(levelKey(level)).toEqual(key));
});
