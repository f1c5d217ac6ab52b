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

/** The rule's two similarity thresholds, high to low, or the comparator's defaults. */
function thresholdsOf(rule: ComparisonRule, t1: number, t2: number): [number, number] {
  return [rule.thresholds?.[0] ?? t1, rule.thresholds?.[1] ?? t2];
}

/** The threshold ladder of a similarity s: level `first` from t1 up, the next from t2 up, the one after below t2. */
function ladder(s: number, t1: number, t2: number, first: number): number {
  if (s >= t1) return first;
  if (s >= t2) return first + 1;
  return first + 2;
}

/** true when the two lists share a value */
function sharesAny(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

function prefixed(keys: readonly string[], variant: string | undefined): string[] {
  const n = variant !== undefined && /^\d+$/.test(variant) ? Number(variant) : 0;
  return n > 0 ? keys.map((k) => k.slice(0, n)).filter((k) => k.length > 0) : [...keys];
}

/** What a comparator over one key per record states for itself; keyedComparator adds the rest. */
interface KeyedSpec {
  kind: ComparisonRule['kind'];
  levels: readonly string[];
  /** m-probabilities and term-frequency weighing when the rule does not set them */
  m: readonly number[];
  tf: boolean;
  /** the key of each record (null or empty = missing) and the text shown for it (null = none) */
  keys: readonly (string | null)[];
  displays: readonly (string | null)[];
  /** the level of a pair whose keys are both present and differ (never 0 or NULL_LEVEL) */
  differ(a: string, b: string, i: number, j: number): number;
  /** record j's key to hold against record i's, where that is not keys[j] (names read swapped) */
  partner?: (i: number, j: number) => string | null;
  /** block keys of a named variant ("word", "street") of a record with a key; null: the key's prefix */
  named?: (i: number, variant: string) => string[] | null;
}

/**
 * A comparator over one key per record: a missing key is NULL_LEVEL, equal keys level 0, and
 * spec.differ grades the rest; the key is the term-frequency value and the block key (":n" a prefix).
 */
function keyedComparator(rule: ComparisonRule, spec: KeyedSpec): Comparator {
  const { keys, displays, differ, partner, named } = spec;
  return {
    id: rule.id,
    kind: spec.kind,
    levels: spec.levels,
    m: rule.m ?? spec.m,
    tf: rule.tf ?? spec.tf,
    level(i, j) {
      const a = keys[i] ?? null;
      const b = partner ? partner(i, j) : (keys[j] ?? null);
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return 0;
      return differ(a, b, i, j);
    },
    tfValue: (i) => keys[i] ?? null,
    values(i) {
      const k = keys[i];
      return k ? [k] : EMPTY;
    },
    blockKeys(i, variant) {
      const k = keys[i];
      if (!k) return [];
      return (named && variant !== undefined ? named(i, variant) : null) ?? prefixed([k], variant);
    },
    display: (i) => displays[i] ?? '',
  };
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
    const sameGiven = sharesAny(this.givenCanon[i] ?? EMPTY, this.givenCanon[j] ?? EMPTY);
    const straight = (sameGiven ? 1 : nameSimilarity(gi, gj)) + nameSimilarity(si, sj);
    const swap = nameSimilarity(gi, sj) + nameSimilarity(si, gj);
    this.lastI = i;
    this.lastJ = j;
    this.lastSwap = swap > straight + 0.05;
    return this.lastSwap;
  }
}

function nameSimilarity(x: string | null, y: string | null): number {
  return x && y ? (x === y ? 1 : jaroWinkler(x, y)) : 0;
}

const personColumns = new WeakMap<readonly AmoEntity[], PersonColumn>();
function personColumn(entities: readonly AmoEntity[]): PersonColumn {
  let col = personColumns.get(entities);
  if (!col) personColumns.set(entities, (col = new PersonColumn(entities)));
  return col;
}

function givenComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const col = personColumn(entities);
  const [t1, t2] = thresholdsOf(rule, 0.92, 0.8);
  const c = keyedComparator(rule, {
    kind: 'given',
    levels: ['exact', 'same name (diminutive or spelling)', `similar (≥${t1})`, `similar (≥${t2})`, 'different'],
    m: [0.75, 0.1, 0.06, 0.04, 0.05],
    tf: true,
    keys: col.given,
    displays: col.raw,
    partner: (i, j) => (col.swapped(i, j) ? col.surname[j] : col.given[j]) ?? null,
    differ(a, b, i, j) {
      const swapped = col.swapped(i, j);
      const ac = col.givenCanon[i] ?? EMPTY;
      // read swapped, record j's surname stands for its given name and is its own canonical form
      if (swapped ? ac.includes(b) : sharesAny(ac, col.givenCanon[j] ?? EMPTY)) return 1;
      // two different known names (Валентина, Валерия) differ however alike they are spelled
      if (col.known[i] && !swapped && col.known[j]) return 4;
      return ladder(jaroWinkler(a, b), t1, t2, 2);
    },
  });
  // the canonical forms block even a record whose given name has no key
  return { ...c, blockKeys: (i, variant) => (variant === 'canon' ? [...(col.givenCanon[i] ?? EMPTY)] : c.blockKeys(i, variant)) };
}

function surnameComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const col = personColumn(entities);
  const [t1, t2] = thresholdsOf(rule, 0.92, 0.8);
  return keyedComparator(rule, {
    kind: 'surname',
    levels: ['exact', `one typo or similar (≥${t1})`, `similar (≥${t2})`, 'different'],
    m: [0.8, 0.1, 0.05, 0.05],
    tf: true,
    keys: col.surname,
    displays: col.raw,
    partner: (i, j) => (col.swapped(i, j) ? col.given[j] : col.surname[j]) ?? null,
    differ(a, b) {
      const s = jaroWinkler(a, b);
      if (s >= t1 || (a.length >= 5 && editDistance(a, b, 1) <= 1)) return 1;
      return ladder(s, t1, t2, 1);
    },
  });
}

function patronymicComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const col = personColumn(entities);
  return keyedComparator(rule, {
    kind: 'patronymic',
    levels: ['exact', 'similar (≥0.9)', 'different'],
    m: [0.85, 0.1, 0.05],
    tf: false,
    keys: col.patronymic,
    displays: col.patronymic,
    differ: (a, b) => (jaroWinkler(a, b) >= 0.9 ? 1 : 2),
  });
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
      if (sharesAny(a, b)) return 0;
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

/** The words of free text: folded, a leading URL scheme and www. dropped, phonetic keys except for numbers. */
function textWords(text: string): string[] {
  return foldCase(text)
    .replace(/^(https?:\/\/)?(www\.)?/u, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((x) => x.length > 0)
    .map((x) => (/^\d+$/.test(x) ? x : phoneticKey(x)));
}

/** Free text (addresses, company names): exact after folding, then word-set similarity. */
function textComparator(rule: ComparisonRule, entities: readonly AmoEntity[], asCompany: boolean): Comparator {
  const [t1, t2] = thresholdsOf(rule, 0.92, 0.8);
  const displays = entities.map((e) => (asCompany ? (e.name ? [e.name] : []) : fieldValues(e, rule.field ?? 'name')).join(' '));
  const wordsOf = displays.map((text) => (asCompany ? companyWords(text) : textWords(text)));
  const keys = wordsOf.map((w) => (w.length > 0 ? w.join(asCompany ? '' : ' ') : null));
  return keyedComparator(rule, {
    kind: asCompany ? 'company' : 'text',
    levels: levelLabels('exact', [t1, t2]),
    m: [0.7, 0.15, 0.08, 0.07],
    tf: true,
    keys,
    displays,
    differ(a, b, i, j) {
      const s = tokenSetSimilarity(wordsOf[i] ?? EMPTY, wordsOf[j] ?? EMPTY);
      const s2 = asCompany ? jaroWinkler(a, b) : 0;
      return ladder(Math.max(s, s2), t1, t2, 1);
    },
    named(i, variant) {
      const words = wordsOf[i] ?? EMPTY;
      if (variant === 'word') return [...new Set(words)].filter((w) => w.length >= 3);
      if (variant === 'first') return words.slice(0, 1);
      if (variant === 'sorted') return [[...words].sort().join(' ')];
      return null;
    },
  });
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
  const [t1, t2] = thresholdsOf(rule, 0.9, 0.8);
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
  return keyedComparator(rule, {
    kind: 'address',
    levels: ['exact', `same number, street similar (≥${t1})`, `same number, street similar (≥${t2})`, 'different'],
    m: [0.6, 0.25, 0.08, 0.07],
    tf: true,
    keys,
    displays,
    differ(_a, _b, i, j) {
      const na = numbers[i] ?? EMPTY;
      const nb = numbers[j] ?? EMPTY;
      if (na.length > 0 && nb.length > 0 && na[0] !== nb[0]) return 3;
      const wa = wordsOf[i] ?? EMPTY;
      const wb = wordsOf[j] ?? EMPTY;
      return ladder(wa.length === 0 || wb.length === 0 ? 0 : tokenSetSimilarity(wa, wb), t1, t2, 1);
    },
    named(i, variant) {
      if (variant !== 'street') return null;
      const n = (numbers[i] ?? EMPTY)[0];
      const w = (wordsOf[i] ?? EMPTY).find((x) => x.length >= 3);
      return n && w ? [`${n} ${w}`] : [];
    },
  });
}

/** Identifiers (tax numbers, SSN, postcodes): exact, or one typo apart. */
function exactComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const displays = entities.map((e) => fieldValues(e, rule.field ?? rule.id).join(' '));
  return keyedComparator(rule, {
    kind: 'exact',
    levels: ['exact', 'one typo', 'different'],
    m: [0.85, 0.1, 0.05],
    tf: true,
    keys: displays.map((raw) => foldCase(raw).replace(/[^\p{L}\p{N}]+/gu, '') || null),
    displays,
    differ: (a, b) => (a.length >= 4 && editDistance(a, b, 1) <= 1 ? 1 : 2),
  });
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
  const displays = entities.map((e) => fieldValues(e, rule.field ?? rule.id)[0] ?? '');
  return keyedComparator(rule, {
    kind: 'date',
    levels: ['exact', 'one digit or day/month swapped', 'same year', 'different'],
    m: [0.8, 0.12, 0.04, 0.04],
    tf: true,
    keys: displays.map((raw) => (raw ? parseDateKey(raw) : null)),
    displays,
    differ(a, b) {
      if (a.length === 8 && b.length === 8 && a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return 1;
      if (editDistance(a, b, 1) <= 1) return 1;
      if (a.slice(0, 4) === b.slice(0, 4)) return 2;
      return 3;
    },
  });
}

const BUILDERS: Record<ComparisonRule['kind'], (rule: ComparisonRule, entities: readonly AmoEntity[]) => Comparator> = {
  given: givenComparator,
  surname: surnameComparator,
  patronymic: patronymicComparator,
  phone: phoneComparator,
  email: emailComparator,
  company: (rule, entities) => textComparator(rule, entities, true),
  text: (rule, entities) => textComparator(rule, entities, false),
  address: addressComparator,
  exact: exactComparator,
  date: dateComparator,
};

export function buildComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const c = BUILDERS[rule.kind](rule, entities);
  if (c.m.length !== c.levels.length) {
    throw new Error(`Comparison "${rule.id}" (${rule.kind}) has ${c.levels.length} levels (${c.levels.join(', ')}); its m lists ${c.m.length} values.`);
  }
  return c;
}
