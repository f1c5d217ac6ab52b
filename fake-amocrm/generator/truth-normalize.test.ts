// runtime: node
import { describe, expect, it } from 'vitest';
import { readEmailValue, readPhoneValue, textHasPhone } from './truth-normalize';

describe("the truth counter's own normalizers", () => {
  it('reads every way a Russian number is typed as one key', () => {
    for (const v of ['+7 912 345-67-89', '89123456789', '8 (912) 345-67-89', '+79123456789', '8-912-345-67-89', '79123456789', '9123456789', '+7(912)3456789', '8 912 345 67 89']) {
      expect(readPhoneValue(v).numbers.map((n) => n.key), v).toEqual(['+79123456789']);
    }
  });

  it('splits stuffed values, keeps extensions, and finds no number in junk', () => {
    expect(readPhoneValue('+7 495 123-45-67 доб. 12, 89123456789')).toEqual({ numbers: [{ key: '+74951234567;ext=12' }, { key: '+79123456789' }], stuffed: true });
    expect(readPhoneValue('89123456789 или 89123456789').stuffed).toBe(true);
    for (const v of ['12345', 'нет', '+7 912 345', '8912345678', '8 (9', '22-33-4', '+1 912 345 67 89']) expect(readPhoneValue(v).numbers, v).toEqual([]);
  });

  it('finds a number inside text, and none in times or percentages', () => {
    expect(textHasPhone('звонить на +7 912 345-67-89 после 18:00')).toBe(true);
    expect(textHasPhone('Сосед Иванова, скидка 5%, после 18:00')).toBe(false);
  });

  it('reads e-mail addresses in lower case and refuses incomplete ones', () => {
    expect(readEmailValue(' Ivan.Petrov@Mail.RU ; a@b.com')).toEqual({ addresses: ['ivan.petrov@mail.ru', 'a@b.com'], stuffed: true });
    for (const v of ['ivanov@mail', 'sasha.mail.ru', 'info@', '@mail.ru', 'test@test']) expect(readEmailValue(v).addresses, v).toEqual([]);
  });
});
