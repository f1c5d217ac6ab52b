// runtime: common (no node, no DOM, no electron)
import { describe, expect, it } from 'vitest';
import { analyzePhoneValue, parsePhonePart } from './phone';

const NUMBERS = ['9123456789', '9857770011', '4951234567', '4997654321', '8123332211', '3432101010', '9031112233', '8462000000', '4732507080', '9999999999'];
const FORMS: ((d: string) => string)[] = [
  (d) => `+7${d}`,
  (d) => `8${d}`,
  (d) => `7${d}`,
  (d) => d,
  (d) => `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `+7(${d.slice(0, 3)})${d.slice(3)}`,
  (d) => `8-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `8 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
  (d) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)} ${d.slice(6)}`,
  (d) => `7 ${d.slice(0, 3)} ${d.slice(3)}`,
  (d) => `+7.${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
  (d) => ` +7${d} `,
  (d) => `тел. 8${d}`,
  (d) => `моб: +7 ${d}`,
  (d) => `8(${d.slice(0, 3)})${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `+7-${d.slice(0, 3)}-${d.slice(3)}`,
  (d) => `+7 ${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `8 ${d.slice(0, 3)}-${d.slice(3, 6)}${d.slice(6)}`,
  (d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
];

describe('phone forms: +7, 8, 7 and 10-digit forms are one number', () => {
  const cases = NUMBERS.flatMap((d) => FORMS.map((f) => [f(d), `+7${d}`] as const));
  it.each(cases)('%s → %s', (form, e164) => {
    expect(parsePhonePart(form)?.e164).toBe(e164);
  });

  it.each([
    ['+7 495 123-45-67 доб. 123', '+74951234567;ext=123'],
    ['+7 495 123-45-67 доб 123', '+74951234567;ext=123'],
    ['8 (495) 123-45-67 вн. 45', '+74951234567;ext=45'],
    ['+7 495 123 45 67 ext. 9', '+74951234567;ext=9'],
    ['+7 495 123-45-67 x 12', '+74951234567;ext=12'],
    ['84951234567 добавочный 777', '+74951234567;ext=777'],
  ])('extension kept apart: %s', (form, key) => {
    const p = parsePhonePart(form);
    expect(p?.key).toBe(key);
    expect(p?.e164).toBe('+74951234567');
  });

  it.each([
    ['89123456789, 89857770011', 2],
    ['89123456789; 89857770011; +74951234567', 3],
    ['89123456789 / 89857770011', 2],
    ['89123456789 | 89857770011', 2],
    ['89123456789\n89857770011', 2],
    ['89123456789 или 89857770011', 2],
    ['89123456789 и 89857770011', 2],
    ['89123456789', 1],
  ])('stuffed %j holds %i numbers', (value, count) => {
    const a = analyzePhoneValue(value);
    expect(a.numbers).toHaveLength(count);
    expect(a.stuffed).toBe(count >= 2);
  });

  it.each(['12345', 'нет', '000', '+7 000 000', 'звонить вечером'])('no number in %j', (v) => {
    expect(analyzePhoneValue(v).numbers).toHaveLength(0);
  });

  it.each([
    ['+375 29 123-45-67', '+375291234567'],
    ['+380 44 123 4567', '+380441234567'],
    ['+49 30 1234567', '+49301234567'],
    ['+1 (212) 555-0123', '+12125550123'],
    ['+7 727 250 00 00', '+77272500000'],
  ])('foreign %s → %s', (form, e164) => expect(parsePhonePart(form)?.e164).toBe(e164));
});
