// runtime: common (no node, no DOM, no electron)
import { describe, expect, it } from 'vitest';
import { analyzePhoneValue, parsePhoneNumbersInPart, parsePhonePart } from './phone';

const A = '9123456789';
const B = '9857770011';
const L = '4951234567';
const FORMS: readonly [string, (d: string) => string][] = [
  ['8XXXXXXXXXX', (d) => `8${d}`],
  ['7XXXXXXXXXX', (d) => `7${d}`],
  ['+7XXXXXXXXXX', (d) => `+7${d}`],
  ['10 digits', (d) => d],
  ['+7 XXX XXX-XX-XX', (d) => `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`],
  ['+7 XXX XXX XX XX', (d) => `+7 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`],
  ['8 (XXX) XXX-XX-XX', (d) => `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`],
  ['8 (XXX) XXX XX XX', (d) => `8 (${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`],
  ['8 XXX XXX XX XX', (d) => `8 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`],
  ['8-XXX-XXX-XX-XX', (d) => `8-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`],
  ['+7(XXX)XXXXXXX', (d) => `+7(${d.slice(0, 3)})${d.slice(3)}`],
  ['7 XXX XXXXXXX', (d) => `7 ${d.slice(0, 3)} ${d.slice(3)}`],
  ['+7 (XXX) XXX XXXX', (d) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6)}`],
];
const SPACES = [' ', '  ', '\t', ' \u00a0'];

describe('one number typed with spaces stays one number', () => {
  const cases = [A, B, L].flatMap((d) => FORMS.map(([name, f]) => [name, f(d), `+7${d}`] as const));
  it.each(cases)('%s: %j → %s', (_name, value, e164) => {
    const a = analyzePhoneValue(value);
    expect(a.numbers.map((n) => n.e164)).toEqual([e164]);
    expect(a.stuffed).toBe(false);
    expect(parsePhoneNumbersInPart(value).map((n) => n.e164)).toEqual([e164]);
  });

  it.each([
    ['+7 495 123-45-67 доб. 123', '+74951234567;ext=123'],
    ['+7 495 123 45 67 доб 123', '+74951234567;ext=123'],
    ['8 (495) 123 45 67 вн. 4567', '+74951234567;ext=4567'],
    ['84951234567 добавочный 777', '+74951234567;ext=777'],
    ['+7 495 123 45 67 ext. 9', '+74951234567;ext=9'],
    ['8 495 123 45 67 x 12', '+74951234567;ext=12'],
    ['89123456789 доб 123456', '+79123456789;ext=123456'],
  ])('with an extension: %j → %s', (value, key) => {
    const a = analyzePhoneValue(value);
    expect(a.numbers.map((n) => n.key)).toEqual([key]);
    expect(a.stuffed).toBe(false);
  });

  it.each([
    ['тел. 8 912 345 67 89', '+79123456789'],
    ['моб: +7 912 345 67 89 (Иван)', '+79123456789'],
    ['89123456789 с 10:00 до 18:00', '+79123456789'],
    ['+375 29 123 45 67', '+375291234567'],
    ['+49 30 1234567', '+49301234567'],
  ])('with text or a foreign code: %j → %s', (value, e164) => {
    expect(analyzePhoneValue(value).numbers.map((n) => n.e164)).toEqual([e164]);
  });
});

describe('two or more numbers separated only by whitespace are each counted', () => {
  const pairs = FORMS.flatMap(([fa, f]) =>
    FORMS.filter((_, i) => i % 3 === 0).map(([fb, g], i) => [`${fa} + ${fb}`, `${f(A)}${SPACES[i % SPACES.length] ?? ' '}${g(B)}`] as const),
  );
  it.each(pairs)('%s: %j', (_name, value) => {
    const a = analyzePhoneValue(value);
    expect(a.numbers.map((n) => n.e164)).toEqual([`+7${A}`, `+7${B}`]);
    expect(a.stuffed).toBe(true);
    expect(a.invalidParts).toEqual([]);
  });

  it.each([
    ['89123456789 89857770011', ['+79123456789', '+79857770011']],
    ['+79123456789 +79857770011', ['+79123456789', '+79857770011']],
    ['9123456789 9857770011', ['+79123456789', '+79857770011']],
    ['8 912 345 67 89 8 985 777 00 11', ['+79123456789', '+79857770011']],
    ['+7 912 345-67-89 8 (985) 777-00-11', ['+79123456789', '+79857770011']],
    ['8 495 1234567 8 495 7654321', ['+74951234567', '+74957654321']],
    ['8 812 333 22 11 8 912 345 67 89', ['+78123332211', '+79123456789']],
    ['89123456789  89123456789', ['+79123456789', '+79123456789']],
    ['89123456789 89857770011 84951234567', ['+79123456789', '+79857770011', '+74951234567']],
    ['тел. 89123456789 моб. 89857770011', ['+79123456789', '+79857770011']],
    ['+375 29 123-45-67 +7 912 345-67-89', ['+375291234567', '+79123456789']],
    ['89123456789\t89857770011', ['+79123456789', '+79857770011']],
    ['8912345678989857770011', ['+79123456789', '+79857770011']],
  ] as const)('%j → %j', (value, e164s) => {
    const a = analyzePhoneValue(value);
    expect(a.numbers.map((n) => n.e164)).toEqual(e164s);
    expect(a.stuffed).toBe(true);
  });

  it.each([
    ['+7 495 123-45-67 доб. 12 8 912 345-67-89', ['+74951234567;ext=12', '+79123456789']],
    ['89123456789 89857770011 доб. 5', ['+79123456789', '+79857770011;ext=5']],
    ['89123456789 84951234567 доб. 321', ['+79123456789', '+74951234567;ext=321']],
  ] as const)('extensions stay with their number: %j → %j', (value, keys) => {
    expect(analyzePhoneValue(value).numbers.map((n) => n.key)).toEqual(keys);
  });

  it('mixes with the usual separators', () => {
    expect(analyzePhoneValue('89123456789 89857770011, 84951234567').numbers.map((n) => n.e164)).toEqual(['+79123456789', '+79857770011', '+74951234567']);
    expect(analyzePhoneValue('89123456789 89857770011 или 84951234567').numbers).toHaveLength(3);
  });

  it('parsePhonePart still reads one intended number: the first', () => {
    expect(parsePhonePart('89123456789 89857770011')?.e164).toBe('+79123456789');
    expect(parsePhonePart('+7 912 345 67 89')?.e164).toBe('+79123456789');
  });
});

describe('digits that are not two whole numbers stay as before', () => {
  it.each([
    ['89123456789 8985777001', ['+79123456789']],
    ['89123456789 12345678901', ['+79123456789']],
  ] as const)('%j → %j', (value, e164s) => {
    const a = analyzePhoneValue(value);
    expect(a.numbers.map((n) => n.e164)).toEqual(e164s);
    expect(a.stuffed).toBe(false);
  });

  it.each(['8912345678', '+7 912 345', '12345 67890', '8 (9', '123 456 789 012 345 678 90'])('no number in %j', (value) => {
    expect(analyzePhoneValue(value).numbers).toHaveLength(0);
    expect(analyzePhoneValue(value).invalidParts).toEqual([value]);
  });
});
