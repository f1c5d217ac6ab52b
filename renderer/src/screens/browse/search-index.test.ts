// runtime: browser
import { describe, expect, it } from 'vitest';
import { buildSearchIndex, digitsOf, isPhoneQuery, normalizeText, phoneNeedles, type Searchable } from './search-index';

const rows: Searchable[] = [
  { id: 1, name: 'Иванов Семён Петрович', phones: ['+7 (916) 123-45-67'], emails: ['semen@example.ru'] },
  { id: 2, name: 'ООО «Ромашка»', phones: ['8 495 000-11-22', '+7 903 555 00 00'], emails: ['info@romashka.ru'] },
  { id: 3, name: 'Peter Smith', phones: [], emails: ['peter.smith@acme.com'] },
  { id: 4, name: 'Петрова Анна', phones: ['79161112233'], emails: [] },
];

describe('search helpers', () => {
  it('normalizes case, ё and spaces', () => {
    expect(normalizeText('  Семён   ПЕТРОВ ')).toBe('семен петров');
  });
  it('recognizes phone queries', () => {
    expect(isPhoneQuery('+7 (916) 123')).toBe(true);
    expect(isPhoneQuery('12')).toBe(false);
    expect(isPhoneQuery('ivan 123')).toBe(false);
    expect(digitsOf('+7 (916) 123-45-67')).toBe('79161234567');
  });
  it('drops the Russian trunk prefix of a full number', () => {
    expect(phoneNeedles('8 (916) 123-45-67')).toEqual(['9161234567']);
    expect(phoneNeedles('123-45')).toEqual(['12345']);
  });
});

describe('buildSearchIndex', () => {
  const index = buildSearchIndex(rows);
  const ids = (query: string) => index.search(query).map((r) => r.id);

  it('returns every row for an empty query', () => {
    expect(ids('  ')).toEqual([1, 2, 3, 4]);
  });
  it('finds names by substring, ignoring case and ё', () => {
    expect(ids('семен')).toEqual([1]);
    expect(ids('ромашка')).toEqual([2]);
  });
  it('requires every word', () => {
    expect(ids('иванов петрович')).toEqual([1]);
  });
  it('finds e-mails', () => {
    expect(ids('acme.com')).toEqual([3]);
  });
  it('finds phones by digits whatever the formatting', () => {
    expect(ids('916 123 45')).toEqual([1]);
    expect(ids('8 916 123-45-67')).toEqual([1]);
    expect(ids('555-00')).toEqual([2]);
    expect(ids('9161112233')).toEqual([4]);
  });
  it('adds fuzzy matches for typos', () => {
    expect(ids('Ромошка')).toContain(2);
    expect(ids('Питер Смит')).toEqual([]);
    expect(ids('Peter Smyth')).toContain(3);
  });
  it('indexes 100 000 rows', () => {
    const many: Searchable[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: i + 1,
      name: `Контакт ${i}`,
      phones: [`+7 900 ${String(i).padStart(7, '0')}`],
      emails: [`c${i}@example.ru`],
    }));
    const big = buildSearchIndex(many);
    expect(big.search('0099999').map((r) => r.id)).toEqual([100_000]);
    expect(big.search('c12345@').map((r) => r.id)).toEqual([12_346]);
  });
});
