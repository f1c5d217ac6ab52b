// runtime: browser
import Fuse, { type IFuseOptions } from 'fuse.js';

/** What the quick search looks at: names, phones and e-mails. */
export interface Searchable {
  id: number;
  name: string;
  phones: readonly string[];
  emails: readonly string[];
}

/** Lower case, ё → е, collapsed spaces: so "Семён" finds "семен". */
export function normalizeText(value: string): string {
  return value.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

export const digitsOf = (value: string): string => value.replace(/\D+/g, '');

/** A query that looks like a phone number: digits with the usual separators, at least 3 digits. */
export function isPhoneQuery(query: string): boolean {
  return /^[\d\s()+\-.]+$/.test(query.trim()) && digitsOf(query).length >= 3;
}

/**
 * The digit strings to look for. A Russian number typed with its trunk prefix (8 or 7 and
 * ten more digits) also matches without it, so "8 (916) 123-45-67" finds "+7 916 1234567".
 */
export function phoneNeedles(query: string): string[] {
  const digits = digitsOf(query);
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) return [digits.slice(1)];
  return [digits];
}

export interface SearchOptions {
  /** Fuzzy (typo-tolerant) matches are added only while exact matches are fewer than this. */
  fuzzyBelow?: number;
  /** At most this many fuzzy matches. */
  fuzzyLimit?: number;
}

export interface SearchIndex<T extends Searchable> {
  readonly size: number;
  /** Rows matching the query, exact substring matches first (in data order), then fuzzy ones by score. */
  search(query: string, options?: SearchOptions): T[];
}

const FUSE_OPTIONS: IFuseOptions<Searchable> = {
  keys: [
    { name: 'name', weight: 2 },
    { name: 'emails', weight: 1 },
    { name: 'phones', weight: 1 },
  ],
  threshold: 0.3,
  ignoreLocation: true,
  minMatchCharLength: 2,
  includeScore: false,
  shouldSort: true,
};

/**
 * Built once per entity's rows. Exact search is a substring scan over precomputed haystacks
 * (fast for 100 000 rows); phone queries compare digits only. The fuse.js index is built
 * lazily, on the first query that needs fuzzy matching.
 */
export function buildSearchIndex<T extends Searchable>(rows: readonly T[]): SearchIndex<T> {
  const text: string[] = new Array<string>(rows.length);
  const phones: string[] = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    text[i] = normalizeText(`${row.name} ${row.emails.join(' ')} ${row.phones.join(' ')}`);
    phones[i] = `|${row.phones.map(digitsOf).join('|')}|`;
  }
  let fuse: Fuse<T> | null = null;
  const getFuse = (): Fuse<T> => {
    if (!fuse) {
      const opts = FUSE_OPTIONS as IFuseOptions<T>;
      fuse = new Fuse(rows as T[], opts, Fuse.createIndex(opts.keys ?? [], rows as T[]));
    }
    return fuse;
  };

  return {
    size: rows.length,
    search(query, options = {}) {
      const { fuzzyBelow = 20, fuzzyLimit = 200 } = options;
      const trimmed = query.trim();
      if (!trimmed) return rows.slice();

      const exact: T[] = [];
      const seen = new Set<number>();
      if (isPhoneQuery(trimmed)) {
        const needles = phoneNeedles(trimmed);
        for (let i = 0; i < rows.length; i++) {
          const hay = phones[i]!;
          if (needles.some((needle) => hay.includes(needle))) {
            exact.push(rows[i]!);
            seen.add(i);
          }
        }
        return exact;
      }

      const tokens = normalizeText(trimmed).split(' ').filter(Boolean);
      for (let i = 0; i < rows.length; i++) {
        const hay = text[i]!;
        if (tokens.every((token) => hay.includes(token))) {
          exact.push(rows[i]!);
          seen.add(i);
        }
      }
      // E-mail queries are precise by nature: no fuzzy matches for them.
      if (exact.length >= fuzzyBelow || trimmed.length < 3 || trimmed.includes('@')) return exact;

      const fuzzy = getFuse().search(trimmed, { limit: fuzzyLimit });
      for (const hit of fuzzy) {
        if (!seen.has(hit.refIndex)) {
          seen.add(hit.refIndex);
          exact.push(hit.item);
        }
      }
      return exact;
    },
  };
}
