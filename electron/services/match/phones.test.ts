// runtime: node
import { describe, expect, it } from 'vitest';
import { parsePhonePart } from '../../../shared/normalize/phone';
import { phoneKeys } from './phones';

describe('phoneKeys', () => {
  it('agrees with libphonenumber-js on every Russian mobile range it takes the fast path for', () => {
    for (let code = 900; code <= 999; code++) {
      for (const tail of ['0000000', '1234567', '9876543']) {
        const fast = phoneKeys(`8${code}${tail}`);
        const slow = parsePhonePart(`+7${code}${tail}`);
        if (slow) expect(fast).toEqual([slow.key]);
      }
    }
  });

  it('finds every number, also when separated by spaces only', () => {
    expect(phoneKeys('89123456789 89857770011')).toEqual(['+79123456789', '+79857770011']);
    expect(phoneKeys('+7 495 123-45-67 доб. 12, 8 912 345 67 89')).toEqual(['+74951234567;ext=12', '+79123456789']);
    expect(phoneKeys('нет')).toEqual([]);
  });
});
