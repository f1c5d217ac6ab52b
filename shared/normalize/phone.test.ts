// runtime: common (no node, no DOM, no electron)
import { describe, expect, it } from 'vitest';
import { analyzeEmailValue } from './email';
import { analyzePhoneValue, formatPhone, parsePhonePart } from './phone';

describe('phone normalization', () => {
  it.each([
    ['89123456789', '+79123456789'],
    ['+7 912 345-67-89', '+79123456789'],
    ['8 (912) 345 67 89', '+79123456789'],
    ['79123456789', '+79123456789'],
    ['9123456789', '+79123456789'],
    ['+7(495)123-45-67', '+74951234567'],
  ])('%s → %s', (input, e164) => {
    expect(parsePhonePart(input)?.e164).toBe(e164);
  });

  it('keeps extensions apart', () => {
    const p = parsePhonePart('+7 495 123-45-67 доб. 123');
    expect(p?.e164).toBe('+74951234567');
    expect(p?.key).toBe('+74951234567;ext=123');
  });

  it('splits stuffed values, including the words и / или, and counts repeats', () => {
    expect(analyzePhoneValue('89123456789, 89221112233').numbers.map((n) => n.e164)).toEqual(['+79123456789', '+79221112233']);
    expect(analyzePhoneValue('+7 912 345-67-89 или 8 (922) 111-22-33').stuffed).toBe(true);
    expect(analyzePhoneValue('89123456789; 89123456789').numbers).toHaveLength(2);
    expect(analyzePhoneValue('89123456789').stuffed).toBe(false);
  });

  it('reports parts with no valid number', () => {
    expect(analyzePhoneValue('12345').invalidParts).toEqual(['12345']);
    expect(analyzePhoneValue('нет').numbers).toHaveLength(0);
    expect(analyzePhoneValue('').invalidParts).toHaveLength(0);
  });

  it('formats Russian numbers as +7 XXX XXX-XX-XX', () => {
    expect(formatPhone('+79123456789')).toBe('+7 912 345-67-89');
  });
});

describe('email normalization', () => {
  it('trims, lower-cases and splits', () => {
    expect(analyzeEmailValue('  Ivan@Mail.RU ').addresses).toEqual(['ivan@mail.ru']);
    expect(analyzeEmailValue('a@b.ru, c@d.ru').stuffed).toBe(true);
    expect(analyzeEmailValue('ivan@mail').invalidParts).toEqual(['ivan@mail']);
  });
});
