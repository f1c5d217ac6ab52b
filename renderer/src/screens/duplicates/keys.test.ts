// runtime: browser
import { describe, expect, it } from 'vitest';
import { nextIndex } from './keys';

describe('nextIndex', () => {
  it('moves and clamps', () => {
    expect(nextIndex(-1, 3, 1)).toBe(0);
    expect(nextIndex(0, 3, 1)).toBe(1);
    expect(nextIndex(2, 3, 1)).toBe(2);
    expect(nextIndex(0, 3, -1)).toBe(0);
    expect(nextIndex(0, 0, 1)).toBe(-1);
  });
});
