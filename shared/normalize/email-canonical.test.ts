// runtime: common (no node, no DOM, no electron)
import { describe, expect, it } from 'vitest';
import { canonicalEmail, canonicalEmails } from './email';

describe('canonical e-mail identity', () => {
  it.each([
    ['Ivan@Mail.RU', 'ivan@mail.ru'],
    ['  ivan@mail.ru  ', 'ivan@mail.ru'],
    ['iv an@mail.ru', 'ivan@mail.ru'],
    ['mailto:ivan@mail.ru', 'ivan@mail.ru'],
    ['ivan@mail.ry', 'ivan@mail.ru'],
    ['ivan@mial.ru', 'ivan@mail.ru'],
    ['ivan@maill.ru', 'ivan@mail.ru'],
    ['ivan@gmial.com', 'ivan@gmail.com'],
    ['ivan@gmai.com', 'ivan@gmail.com'],
    ['ivan@gamil.com', 'ivan@gmail.com'],
    ['ivan@gmail.co', 'ivan@gmail.com'],
    ['iv.an@gmail.com', 'ivan@gmail.com'],
    ['ivan+crm@gmail.com', 'ivan@gmail.com'],
    ['ivan@googlemail.com', 'ivan@gmail.com'],
    ['ivan@yandex.ry', 'ivan@yandex.ru'],
    ['ivan@yandex.tu', 'ivan@yandex.ru'],
    ['ivan@ya.ru', 'ivan@yandex.ru'],
    ['ivan@yandex.com', 'ivan@yandex.ru'],
    ['ivan@yandex.by', 'ivan@yandex.ru'],
    ['ivan@yandex.kz', 'ivan@yandex.ru'],
    ['ivan@narod.ru', 'ivan@yandex.ru'],
    ['ivan-petrov@yandex.ru', 'ivan.petrov@yandex.ru'],
    ['ivan+shop@yandex.ru', 'ivan@yandex.ru'],
    ['ivan@bk.ry', 'ivan@bk.ru'],
    ['ivan@lsit.ru', 'ivan@list.ru'],
    ['ivan@imbox.ru', 'ivan@inbox.ru'],
    ['ivan@rambler.ry', 'ivan@rambler.ru'],
    ['zakaz@firma.ru.ru', 'zakaz@firma.ru'],
    ['ivan@hotmial.com', 'ivan@hotmail.com'],
    ['ivan@firma.ru.', 'ivan@firma.ru'],
  ])('%s → %s', (raw, key) => expect(canonicalEmail(raw)?.key).toBe(key));

  it('keeps mailboxes that differ apart', () => {
    expect(canonicalEmail('ivan@mail.ru')?.key).not.toBe(canonicalEmail('ivan@bk.ru')?.key);
    expect(canonicalEmail('ivan+a@mail.ru')?.key).toBe('ivan+a@mail.ru');
    expect(canonicalEmail('i.van@mail.ru')?.key).toBe('i.van@mail.ru');
  });

  it('rejects what is not an address and splits stuffed values', () => {
    expect(canonicalEmail('ivan@mail')).toBeNull();
    expect(canonicalEmail('нет')).toBeNull();
    expect(canonicalEmails('a@mail.ru, B@Gmial.com').map((c) => c.key)).toEqual(['a@mail.ru', 'b@gmail.com']);
  });

  it('flags a fixed domain typo', () => {
    expect(canonicalEmail('a@gmial.com')?.domainTypo).toBe(true);
    expect(canonicalEmail('a@ya.ru')?.domainTypo).toBe(false);
  });
});
