// runtime: node
import { canonicalEmails } from '../../../shared/normalize/email';
import { companyWords } from '../../../shared/normalize/company';
import { parsePersonName } from '../../../shared/normalize/names';
import { foldCase, phoneticKey } from '../../../shared/normalize/translit';
import { fieldValues } from './prepare';
import { phoneKeys } from './phones';
import type { ComparisonRule } from './rules';
import { editDistance, jaroWinkler, tokenSetSimilarity } from './similarity';
import type { AmoEntity } from './types';

export const NULL_LEVEL = 255;

/**
 * One comparison over all records: prepares its column once, then gives the agreement
 * level of any pair (0 = strongest agreement, the last level = disagreement, NULL_LEVEL = a value missing).
 */
export interface Comparator {
  readonly id: string;
  readonly kind: ComparisonRule['kind'];
  readonly levels: readonly string[];
  /** default m-probabilities per level */
  readonly m: readonly number[];
  readonly tf: boolean;
  level(i: number, j: number): number;
  /** the value whose frequency weighs an exact agreement (level 0), or null */
  tfValue(i: number, j: number): string | null;
  /** values of record i that count for term frequencies */
  values(i: number): readonly string[];
  blockKeys(i: number, variant: string | undefined): string[];
  display(i: number): string;
  /** the engine hands over value counts (set-valued columns pick the rarest shared value) */
  useCounts?(counts: Map<string, number>): void;
}

const EMPTY: readonly string[] = [];

function levelLabels(exact: string, thresholds: readonly number[], last = 'different'): string[] {
  return [exact, ...thresholds.map((t) => `similar (≥${t})`), last];
}

function prefixed(keys: readonly string[], variant: string | undefined): string[] {
  const n = variant !== undefined && /^\d+$/.test(variant) ? Number(variant) : 0;
  return n > 0 ? keys.map((k) => k.slice(0, n)).filter((k) => k.length > 0) : [...keys];
}

/** Names of persons: given name and surname, compared in the word order that fits best. */
class PersonColumn {
  readonly given: (string | null)[] = [];
  readonly givenCanon: (readonly string[])[] = [];
  readonly surname: (string | null)[] = [];
  readonly patronymic: (string | null)[] = [];
  /** the given name is in the table of known names */
  readonly known: boolean[] = [];
  readonly raw: string[] = [];
  private lastI = -1;
  private lastJ = -1;
  private lastSwap = false;

  constructor(entities: readonly AmoEntity[]) {
    for (const e of entities) {
      const p = parsePersonName(e);
      this.given.push(p.given);
      this.givenCanon.push(p.givenCanon);
      this.known.push(p.givenKnown);
      this.surname.push(p.surname);
      this.patronymic.push(p.patronymic);
      this.raw.push([e.first_name, e.last_name].filter(Boolean).join(' ') || (e.name ?? ''));
    }
  }

  /** true when record j's given name and surname are best read swapped against record i's */
  swapped(i: number, j: number): boolean {
    if (i === this.lastI && j === this.lastJ) return this.lastSwap;
    const gi = this.given[i] ?? null;
    const si = this.surname[i] ?? null;
    const gj = this.given[j] ?? null;
    const sj = this.surname[j] ?? null;
    const sim = (x: string | null, y: string | null) => (x && y ? (x === y ? 1 : jaroWinkler(x, y)) : 0);
    const ci = this.givenCanon[i] ?? EMPTY;
    const cj = this.givenCanon[j] ?? EMPTY;
    const sameGiven = ci.length > 0 && ci.some((c) => cj.includes(c));
    const straight = (sameGiven ? 1 : sim(gi, gj)) + sim(si, sj);
    const swap = sim(gi, sj) + sim(si, gj);
    this.lastI = i;
    this.lastJ = j;
    this.lastSwap = swap > straight + 0.05;
    return this.lastSwap;
  }
}

const personColumns = new WeakMap<readonly AmoEntity[], PersonColumn>();
function personColumn(entities: readonly AmoEntity[]): PersonColumn {
  let col = personColumns.get(entities);
  if (!col) personColumns.set(entities, (col = new PersonColumn(entities)));
  return col;
}

function givenComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const col = personColumn(entities);
  const [t1, t2] = [rule.thresholds?.[0] ?? 0.92, rule.thresholds?.[1] ?? 0.8];
  const levels = ['exact', 'same name (diminutive or spelling)', `similar (≥${t1})`, `similar (≥${t2})`, 'different'];
  const other = (i: number, j: number): { a: string | null; b: string | null; bCanon: readonly string[] } => {
    if (col.swapped(i, j)) {
      const b = col.surname[j] ?? null;
      return { a: col.given[i] ?? null, b, bCanon: b ? [b] : EMPTY };
    }
    return { a: col.given[i] ?? null, b: col.given[j] ?? null, bCanon: col.givenCanon[j] ?? EMPTY };
  };
  return {
    id: rule.id,
    kind: 'given',
    levels,
    m: rule.m ?? [0.75, 0.1, 0.06, 0.04, 0.05],
    tf: rule.tf ?? true,
    level(i, j) {
      const { a, b, bCanon } = other(i, j);
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      const ac = col.givenCanon[i] ?? EMPTY;
      if (ac.some((c) => bCanon.includes(c))) return 1;
      // two different known names (Валентина, Валерия) differ however alike they are spelled
      if (col.known[i] && !col.swapped(i, j) && col.known[j]) return 4;
      const s = jaroWinkler(a, b);
      if (s >= t1) return 2;
      if (s >= t2) return 3;
      return 4;
    },
    tfValue: (i) => col.given[i] ?? null,
    values: (i) => (col.given[i] ? [col.given[i]!] : EMPTY),
    blockKeys(i, variant) {
      if (variant === 'canon') return [...(col.givenCanon[i] ?? EMPTY)];
      const g = col.given[i];
      return g ? prefixed([g], variant) : [];
    },
    display: (i) => col.raw[i] ?? '',
  };
}

function surnameComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const col = personColumn(entities);
  const [t1, t2] = [rule.thresholds?.[0] ?? 0.92, rule.thresholds?.[1] ?? 0.8];
  const levels = ['exact', `one typo or similar (≥${t1})`, `similar (≥${t2})`, 'different'];
  return {
    id: rule.id,
    kind: 'surname',
    levels,
    m: rule.m ?? [0.8, 0.1, 0.05, 0.05],
    tf: rule.tf ?? true,
    level(i, j) {
      const a = col.surname[i] ?? null;
      const b = (col.swapped(i, j) ? col.given[j] : col.surname[j]) ?? null;
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      const s = jaroWinkler(a, b);
      if (s >= t1 || (a.length >= 5 && editDistance(a, b, 1) <= 1)) return 1;
      if (s >= t2) return 2;
      return 3;
    },
    tfValue: (i) => col.surname[i] ?? null,
    values: (i) => (col.surname[i] ? [col.surname[i]!] : EMPTY),
    blockKeys(i, variant) {
      const s = col.surname[i];
      return s ? prefixed([s], variant) : [];
    },
    display: (i) => col.raw[i] ?? '',
  };
}

function patronymicComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const col = personColumn(entities);
  return {
    id: rule.id,
    kind: 'patronymic',
    levels: ['exact', 'similar (≥0.9)', 'different'],
    m: rule.m ?? [0.85, 0.1, 0.05],
    tf: rule.tf ?? false,
    level(i, j) {
      const a = col.patronymic[i] ?? null;
      const b = col.patronymic[j] ?? null;
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      return jaroWinkler(a, b) >= 0.9 ? 1 : 2;
    },
    tfValue: (i) => col.patronymic[i] ?? null,
    values: (i) => (col.patronymic[i] ? [col.patronymic[i]!] : EMPTY),
    blockKeys: (i, variant) => (col.patronymic[i] ? prefixed([col.patronymic[i]!], variant) : []),
    display: (i) => col.patronymic[i] ?? '',
  };
}

/** A set-valued column (phones, e-mails): agreement when any value is shared. */
function setComparator(
  rule: ComparisonRule,
  kind: 'phone' | 'email',
  sets: (readonly string[])[],
  displays: string[],
  partial: ((a: readonly string[], b: readonly string[]) => boolean) | null,
  extraKeys: ((i: number, variant: string | undefined) => string[]) | null,
): Comparator {
  const levels = partial ? ['shared', 'similar', 'different'] : ['shared', 'different'];
  let tfCounts: Map<string, number> | null = null;
  return {
    id: rule.id,
    kind,
    levels,
    m: rule.m ?? (partial ? [0.7, 0.1, 0.2] : [0.7, 0.3]),
    tf: rule.tf ?? true,
    level(i, j) {
      const a = sets[i] ?? EMPTY;
      const b = sets[j] ?? EMPTY;
      if (a.length === 0 || b.length === 0) return NULL_LEVEL;
      for (const x of a) if (b.includes(x)) return 0;
      if (partial && partial(a, b)) return 1;
      return levels.length - 1;
    },
    tfValue(i, j) {
      // the rarest shared value decides how much the agreement is worth
      const a = sets[i] ?? EMPTY;
      const b = sets[j] ?? EMPTY;
      let best: string | null = null;
      let bestCount = Infinity;
      for (const x of a) {
        if (!b.includes(x)) continue;
        const c = tfCounts?.get(x) ?? 1;
        if (c < bestCount) {
          best = x;
          bestCount = c;
        }
      }
      return best;
    },
    values: (i) => sets[i] ?? EMPTY,
    blockKeys(i, variant) {
      if (extraKeys && variant !== undefined && !/^\d+$/.test(variant)) return extraKeys(i, variant);
      return prefixed(sets[i] ?? EMPTY, variant);
    },
    display: (i) => displays[i] ?? '',
    useCounts(counts) {
      tfCounts = counts;
    },
  };
}

function phoneComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const sets: string[][] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const raw = fieldValues(e, rule.field ?? 'PHONE');
    const keys = new Set<string>();
    for (const v of raw) for (const k of phoneKeys(v)) keys.add(k);
    sets.push([...keys]);
    displays.push(raw.join(', '));
  }
  return setComparator(rule, 'phone', sets, displays, null, null);
}

function emailComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const sets: string[][] = [];
  const locals: string[][] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const raw = fieldValues(e, rule.field ?? 'EMAIL');
    const keys = new Set<string>();
    const loc = new Set<string>();
    for (const v of raw) {
      for (const c of canonicalEmails(v)) {
        keys.add(c.key);
        if (c.local.length >= 4) loc.add(c.local);
      }
    }
    sets.push([...keys]);
    locals.push([...loc]);
    displays.push(raw.join(', '));
  }
  const partial = (a: readonly string[], b: readonly string[]) => {
    for (const x of a) {
      const [la, da] = x.split('@') as [string, string];
      for (const y of b) {
        const [lb, db] = y.split('@') as [string, string];
        if (la.length >= 4 && la === lb) return true; // same mailbox name at another provider
        if (da === db && la.length >= 4 && jaroWinkler(la, lb) >= 0.92) return true;
      }
    }
    return false;
  };
  return setComparator(rule, 'email', sets, displays, partial, (i, variant) => (variant === 'local' ? [...(locals[i] ?? EMPTY)] : []));
}

/** Free text (addresses, company names): exact after folding, then word-set similarity. */
function textComparator(rule: ComparisonRule, entities: readonly AmoEntity[], asCompany: boolean): Comparator {
  const [t1, t2] = [rule.thresholds?.[0] ?? 0.92, rule.thresholds?.[1] ?? 0.8];
  const wordsOf: (readonly string[])[] = [];
  const keys: (string | null)[] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const raw = asCompany ? (e.name ? [e.name] : []) : fieldValues(e, rule.field ?? 'name');
    const text = raw.join(' ');
    const w = asCompany
      ? companyWords(text)
      : foldCase(text)
          .replace(/^(https?:\/\/)?(www\.)?/u, '')
          .split(/[^\p{L}\p{N}]+/u)
          .filter((x) => x.length > 0)
          .map((x) => (/^\d+$/.test(x) ? x : phoneticKey(x)));
    wordsOf.push(w);
    keys.push(w.length > 0 ? w.join(asCompany ? '' : ' ') : null);
    displays.push(text);
  }
  return {
    id: rule.id,
    kind: asCompany ? 'company' : 'text',
    levels: levelLabels('exact', [t1, t2]),
    m: rule.m ?? [0.7, 0.15, 0.08, 0.07],
    tf: rule.tf ?? true,
    level(i, j) {
      const a = keys[i] ?? null;
      const b = keys[j] ?? null;
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      const s = tokenSetSimilarity(wordsOf[i] ?? EMPTY, wordsOf[j] ?? EMPTY);
      const s2 = asCompany ? jaroWinkler(a, b) : 0;
      const best = Math.max(s, s2);
      if (best >= t1) return 1;
      if (best >= t2) return 2;
      return 3;
    },
    tfValue: (i) => keys[i] ?? null,
    values: (i) => (keys[i] ? [keys[i]!] : EMPTY),
    blockKeys(i, variant) {
      const k = keys[i];
      if (!k) return [];
      if (variant === 'word') return [...new Set(wordsOf[i] ?? EMPTY)].filter((w) => w.length >= 3);
      if (variant === 'first') return (wordsOf[i] ?? EMPTY).slice(0, 1);
      if (variant === 'sorted') return [[...(wordsOf[i] ?? EMPTY)].sort().join(' ')];
      return prefixed([k], variant);
    },
    display: (i) => displays[i] ?? '',
  };
}

const ADDRESS_WORDS: Record<string, string> = {
  street: 'st', str: 'st', avenue: 'ave', av: 'ave', boulevard: 'blvd', blv: 'blvd', road: 'rd', drive: 'dr', place: 'pl',
  lane: 'ln', court: 'ct', parkway: 'pkwy', highway: 'hwy', square: 'sq', terrace: 'ter', circle: 'cir',
  north: 'n', south: 's', east: 'e', west: 'w', first: '1st', second: '2nd', third: '3rd', fourth: '4th', fifth: '5th',
  sixth: '6th', seventh: '7th', eighth: '8th', ninth: '9th', tenth: '10th',
  // Russian
  улица: 'ул', проспект: 'пр', просп: 'пр', пркт: 'пр', переулок: 'пер', площадь: 'пл', шоссе: 'ш', бульвар: 'б',
  бул: 'б', бр: 'б', набережная: 'наб', дом: 'д', корпус: 'к', корп: 'к', строение: 'с', стр: 'с', квартира: 'кв',
  офис: 'оф', город: 'г', область: 'обл', район: 'р',
};
const ADDRESS_DROP = new Set(['россия', 'рф', 'usa', 'us', 'russia', 'г', 'обл', 'р', 'ул', 'д', 'st', 'ave']);

/** Postal addresses: words abbreviated the same way, postcodes apart, house numbers must agree. */
function addressComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const [t1, t2] = [rule.thresholds?.[0] ?? 0.9, rule.thresholds?.[1] ?? 0.8];
  const wordsOf: (readonly string[])[] = [];
  const numbers: (readonly string[])[] = [];
  const keys: (string | null)[] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const raw = fieldValues(e, rule.field ?? 'ADDRESS').join(' ');
    const tokens = foldCase(raw)
      .replace(/(\d)-(\d)/g, '$1 $2')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((x) => x.length > 0)
      .map((x) => ADDRESS_WORDS[x] ?? x)
      .filter((x) => !ADDRESS_DROP.has(x) && !/^\d{5,6}$/.test(x));
    const nums = tokens.filter((x) => /^\d/.test(x));
    const w = tokens.filter((x) => !/^\d/.test(x)).map(phoneticKey);
    wordsOf.push(w);
    numbers.push(nums);
    keys.push(tokens.length > 0 ? [...nums, ...w].join(' ') : null);
    displays.push(raw);
  }
  return {
    id: rule.id,
    kind: 'address',
    levels: ['exact', `same number, street similar (≥${t1})`, `same number, street similar (≥${t2})`, 'different'],
    m: rule.m ?? [0.6, 0.25, 0.08, 0.07],
    tf: rule.tf ?? true,
    level(i, j) {
      const a = keys[i] ?? null;
      const b = keys[j] ?? null;
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      const na = numbers[i] ?? EMPTY;
      const nb = numbers[j] ?? EMPTY;
      if (na.length > 0 && nb.length > 0 && na[0] !== nb[0]) return 3;
      const wa = wordsOf[i] ?? EMPTY;
      const wb = wordsOf[j] ?? EMPTY;
      const s = wa.length === 0 || wb.length === 0 ? 0 : tokenSetSimilarity(wa, wb);
      if (s >= t1) return 1;
      if (s >= t2) return 2;
      return 3;
    },
    tfValue: (i) => keys[i] ?? null,
    values: (i) => (keys[i] ? [keys[i]!] : EMPTY),
    blockKeys(i, variant) {
      const k = keys[i];
      if (!k) return [];
      if (variant === 'street') {
        const n = (numbers[i] ?? EMPTY)[0];
        const w = (wordsOf[i] ?? EMPTY).find((x) => x.length >= 3);
        return n && w ? [`${n} ${w}`] : [];
      }
      return prefixed([k], variant);
    },
    display: (i) => displays[i] ?? '',
  };
}

/** Identifiers (tax numbers, SSN, postcodes): exact, or one typo apart. */
function exactComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const keys: (string | null)[] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const raw = fieldValues(e, rule.field ?? rule.id).join(' ');
    const k = foldCase(raw).replace(/[^\p{L}\p{N}]+/gu, '');
    keys.push(k.length > 0 ? k : null);
    displays.push(raw);
  }
  return {
    id: rule.id,
    kind: 'exact',
    levels: ['exact', 'one typo', 'different'],
    m: rule.m ?? [0.85, 0.1, 0.05],
    tf: rule.tf ?? true,
    level(i, j) {
      const a = keys[i] ?? null;
      const b = keys[j] ?? null;
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      return a.length >= 4 && editDistance(a, b, 1) <= 1 ? 1 : 2;
    },
    tfValue: (i) => keys[i] ?? null,
    values: (i) => (keys[i] ? [keys[i]!] : EMPTY),
    blockKeys: (i, variant) => (keys[i] ? prefixed([keys[i]!], variant) : []),
    display: (i) => displays[i] ?? '',
  };
}

/** Reads a date written as YYYYMMDD, YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY; returns YYYYMMDD or null. */
export function parseDateKey(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})[-./]?(\d{2})[-./]?(\d{2})/.exec(s);
  if (m) return `${m[1]}${m[2]}${m[3]}`;
  m = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})/.exec(s);
  if (m) return `${m[3]}${m[2]!.padStart(2, '0')}${m[1]!.padStart(2, '0')}`;
  const digits = s.replace(/\D/g, '');
  return digits.length >= 4 ? digits : null;
}

function dateComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const keys: (string | null)[] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const raw = fieldValues(e, rule.field ?? rule.id)[0] ?? '';
    keys.push(raw ? parseDateKey(raw) : null);
    displays.push(raw);
  }
  return {
    id: rule.id,
    kind: 'date',
    levels: ['exact', 'one digit or day/month swapped', 'same year', 'different'],
    m: rule.m ?? [0.8, 0.12, 0.04, 0.04],
    tf: rule.tf ?? true,
    level(i, j) {
      const a = keys[i] ?? null;
      const b = keys[j] ?? null;
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      if (a.length === 8 && b.length === 8 && a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return 1;
      if (editDistance(a, b, 1) <= 1) return 1;
      if (a.slice(0, 4) === b.slice(0, 4)) return 2;
      return 3;
    },
    tfValue: (i) => keys[i] ?? null,
    values: (i) => (keys[i] ? [keys[i]!] : EMPTY),
    blockKeys: (i, variant) => (keys[i] ? prefixed([keys[i]!], variant) : []),
    display: (i) => displays[i] ?? '',
  };
}

export function buildComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const c = buildComparatorOf(rule, entities);
  if (c.m.length !== c.levels.length) {
    throw new Error(`Comparison "${rule.id}" (${rule.kind}) has ${c.levels.length} levels (${c.levels.join(', ')}); its m lists ${c.m.length} values.`);
  }
  return c;
}

function buildComparatorOf(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  switch (rule.kind) {
    case 'given':
      return givenComparator(rule, entities);
    case 'surname':
      return surnameComparator(rule, entities);
    case 'patronymic':
      return patronymicComparator(rule, entities);
    case 'phone':
      return phoneComparator(rule, entities);
    case 'email':
      return emailComparator(rule, entities);
    case 'company':
      return textComparator(rule, entities, true);
    case 'text':
      return textComparator(rule, entities, false);
    case 'address':
      return addressComparator(rule, entities);
    case 'exact':
      return exactComparator(rule, entities);
    case 'date':
      return dateComparator(rule, entities);
  }
}

