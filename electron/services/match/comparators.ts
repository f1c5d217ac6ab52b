// runtime: node
import { canonicalEmails, FREE_MAIL_DOMAINS, isRoleMailbox } from '../../../shared/normalize/email';
import { BRAND_SUFFIX_WORDS, companyWords } from '../../../shared/normalize/company';
import { isPlaceholderName, parsePersonName, surnameGenderPair } from '../../../shared/normalize/names';
import { foldCase, phoneticKey } from '../../../shared/normalize/translit';
import { fieldValues } from './prepare';
import { phoneKeys, phoneKind } from './phones';
import type { ComparisonRule } from './rules';
import { editDistance, jaroWinkler, tokenSetSimilarity } from './similarity';
import type { AmoEntity } from './types';

export const NULL_LEVEL = 255;

/**
 * A stable code for an agreement level, with its similarity threshold where it has one: the
 * renderer turns codes into words (RU/EN); the English `levels` labels are for the CLI only.
 */
export const LEVEL_CODES = [
  'exact', 'shared', 'diminutive', 'similar', 'typo_or_similar', 'typo', 'one_digit', 'one_slip', 'login_elsewhere',
  'street', 'date_typo', 'same_year', 'different',
] as const;
export type LevelCode = (typeof LEVEL_CODES)[number];
export interface LevelSpec {
  code: LevelCode;
  t?: number;
}

/**
 * One comparison over all records: prepares its column once, then gives the agreement
 * level of any pair (0 = strongest agreement, the last level = disagreement, NULL_LEVEL = a value missing).
 */
export interface Comparator {
  readonly id: string;
  readonly kind: ComparisonRule['kind'];
  readonly levels: readonly string[];
  /** the stable code of each level (same length as levels) */
  readonly codes: readonly LevelSpec[];
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
  /** a disagreement (the last level) forbids a link */
  veto?: boolean;
  /** with veto: whether this pair's disagreement forbids the link (default: every disagreement does) */
  vetoPair?(i: number, j: number): boolean;
  /** a value that is weak evidence however rare it is (a role mailbox: info@, sales@) */
  weak?(value: string): boolean;
  /**
   * a personal value (a mobile, a personal mailbox): the cards sharing it are mostly one person's
   * duplicates, so its frequency weighs it down less (by the square root of the count)
   */
  personal?(value: string): boolean;
  /** the engine hands over value counts (set-valued columns pick the rarest shared value) */
  useCounts?(counts: Map<string, number>): void;
}

const EMPTY: readonly string[] = [];

function levelLabels(exact: string, thresholds: readonly number[], last = 'different'): string[] {
  return [exact, ...thresholds.map((t) => `similar (≥${t})`), last];
}

const code = (c: LevelCode, t?: number): LevelSpec => (t === undefined ? { code: c } : { code: c, t });

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
  codes: readonly LevelSpec[];
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
  /** the level of a pair whose keys are equal, where that is not always 0 */
  sameKey?: (i: number, j: number) => number;
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
    codes: spec.codes,
    m: rule.m ?? spec.m,
    tf: rule.tf ?? spec.tf,
    level(i, j) {
      const a = keys[i] ?? null;
      const b = partner ? partner(i, j) : (keys[j] ?? null);
      if (!a || !b) return NULL_LEVEL;
      if (a === b) return spec.sameKey ? spec.sameKey(i, j) : 0;
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
  /** a note in the name names another person ("Валерий (жена)") */
  readonly otherPerson: boolean[] = [];
  readonly raw: string[] = [];
  private lastI = -1;
  private lastJ = -1;
  private lastSwap = false;
  private lastStrictSwap = false;

  /** swapped(i, j), and both parts fit well read swapped */
  strictlySwapped(i: number, j: number): boolean {
    return this.swapped(i, j) && this.lastStrictSwap;
  }

  constructor(entities: readonly AmoEntity[]) {
    for (const e of entities) {
      const p = parsePersonName(e);
      this.given.push(p.given);
      this.givenCanon.push(p.givenCanon);
      this.known.push(p.givenKnown);
      this.surname.push(p.surname);
      this.patronymic.push(p.patronymic);
      this.otherPerson.push(p.otherPerson);
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
    const x = nameSimilarity(gi, sj);
    const y = nameSimilarity(si, gj);
    this.lastI = i;
    this.lastJ = j;
    // a swap needs one part that fits well read across ("Ксения Лазарева" / "Игорь Борисович" is no swap:
    // Лазарева is not Игорь, whatever the first names' similarity)
    this.lastSwap = x + y > straight + 0.05 && Math.max(x, y) >= 0.85;
    // a swap that explains the disagreement: both parts fit read swapped ("Иванов Иван" / "Иван Иванов")
    this.lastStrictSwap = this.lastSwap && x >= 0.85 && y >= 0.85 && gi !== null && si !== null && gj !== null && sj !== null;
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
    codes: [code('exact'), code('diminutive'), code('similar', t1), code('similar', t2), code('different')],
    m: [0.75, 0.1, 0.06, 0.04, 0.05],
    tf: true,
    keys: col.given,
    sameKey: (i, j) => (col.otherPerson[i] !== col.otherPerson[j] ? 4 : 0),
    displays: col.raw,
    partner: (i, j) => (col.swapped(i, j) ? col.surname[j] : col.given[j]) ?? null,
    differ(a, b, i, j) {
      // "Валерий (жена)" is not Валерий: a note naming another person on one side only
      if (col.otherPerson[i] !== col.otherPerson[j]) return 4;
      const swapped = col.swapped(i, j);
      const ac = col.givenCanon[i] ?? EMPTY;
      // read swapped, record j's surname stands for its given name and is its own canonical form
      if (swapped ? ac.includes(b) : sharesAny(ac, col.givenCanon[j] ?? EMPTY)) return 1;
      // two different known names (Валентина, Валерия) differ however alike they are spelled
      if (col.known[i] && !swapped && col.known[j]) return 4;
      return ladder(jaroWinkler(a, b), t1, t2, 2);
    },
  });
  // the canonical forms block even a record whose given name has no key; a veto holds only for
  // two known, different first names or a note naming another person, never for an unknown spelling
  const vetoPair = (i: number, j: number) =>
    col.otherPerson[i] !== col.otherPerson[j] || (col.known[i] === true && col.known[j] === true && !col.strictlySwapped(i, j) && !sharesAny(col.givenCanon[i] ?? EMPTY, col.givenCanon[j] ?? EMPTY));
  return { ...c, vetoPair, blockKeys: (i, variant) => (variant === 'canon' ? [...(col.givenCanon[i] ?? EMPTY)] : c.blockKeys(i, variant)) };
}

function surnameComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const col = personColumn(entities);
  const [t1, t2] = thresholdsOf(rule, 0.92, 0.8);
  return keyedComparator(rule, {
    kind: 'surname',
    levels: ['exact', `one typo or similar (≥${t1})`, `similar (≥${t2})`, 'different'],
    codes: [code('exact'), code('typo_or_similar', t1), code('similar', t2), code('different')],
    m: [0.8, 0.1, 0.05, 0.05],
    tf: true,
    keys: col.surname,
    displays: col.raw,
    partner: (i, j) => (col.swapped(i, j) ? col.given[j] : col.surname[j]) ?? null,
    differ(a, b) {
      // Медведев / Медведева: one family, two people
      if (surnameGenderPair(a, b)) return 3;
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
    codes: [code('exact'), code('similar', 0.9), code('different')],
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
  const codes = partial ? [code('shared'), code('similar'), code('different')] : [code('shared'), code('different')];
  let tfCounts: Map<string, number> | null = null;
  return {
    id: rule.id,
    kind,
    levels,
    codes,
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

/** A phone number written as an e-mail login (89961067702@mail.ru): the number, else null. */
export function phoneFromEmailLogin(email: string): string | null {
  const local = email.trim().toLowerCase().split('@')[0] ?? '';
  const digits = /^\+?(\d{10,11})$/.exec(local)?.[1];
  if (!digits) return null;
  if (digits.length === 10 && digits.startsWith('9')) return `+7${digits}`;
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7')) && digits[1] === '9') return `+7${digits.slice(1)}`;
  return null;
}

/** true when two E.164 keys of the same length differ in one digit (a slip while re-typing), extensions apart */
function oneDigitApart(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) {
    if (x.includes(';')) continue;
    for (const y of b) {
      if (y.includes(';') || x.length !== y.length || x.length < 11) continue;
      let diff = 0;
      for (let k = 0; k < x.length && diff < 2; k++) if (x[k] !== y[k]) diff++;
      if (diff === 1) return true;
    }
  }
  return false;
}

/**
 * Phones: agreement when a number is shared (E.164, extensions apart: two extensions of one office
 * line are two people). A contact's e-mail login that is a phone number counts as its phone. With
 * three m values the rule gets a middle level: one digit apart.
 */
function phoneComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const sets: string[][] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const raw = fieldValues(e, rule.field ?? 'PHONE');
    const keys = new Set<string>();
    for (const v of raw) for (const k of phoneKeys(v)) keys.add(k);
    if (!rule.field) {
      // telephony names a card by the caller's number ("Входящий звонок +7 912 …", "89123456789")
      const digits = (e.name ?? '').replace(/\D/g, '');
      if (digits.length >= 10 && digits.length <= 12 && isPlaceholderName(e.name)) for (const k of phoneKeys(e.name!.replace(/[^\d+()\-\s]/g, ' ').trim())) keys.add(k);
      for (const v of fieldValues(e, 'EMAIL')) {
        // only a login that starts with a number can be one
        if (!/(^|[\s,;])\+?\d{10}/.test(v)) continue;
        for (const c of canonicalEmails(v)) {
          const k = phoneFromEmailLogin(c.key);
          if (k) keys.add(k);
        }
      }
    }
    sets.push([...keys]);
    displays.push(raw.join(', '));
  }
  const withSlips = (rule.m?.length ?? 2) === 3;
  const c = setComparator(rule, 'phone', sets, displays, withSlips ? oneDigitApart : null, null);
  const personal = (v: string) => phoneKind(v) === 'mobile';
  return withSlips ? { ...c, personal, levels: ['shared', 'one digit apart', 'different'], codes: [code('shared'), code('one_digit'), code('different')] } : { ...c, personal };
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
  const split = (x: string) => x.split('@') as [string, string];
  /** a slip in the login (same domain) or in the domain (same login) */
  const slip = (a: readonly string[], b: readonly string[]) => {
    for (const x of a) {
      const [la, da] = split(x);
      for (const y of b) {
        const [lb, db] = split(y);
        if (la.length >= 4 && la === lb && editDistance(da, db, 2) <= 2) return true;
        if (da === db && la.length >= 4 && loginSlip(la, lb)) return true;
        if (da === db && la.length >= 6 && typingSlip(la, lb)) return true;
      }
    }
    return false;
  };
  /** the same login at another provider: often another person (namesakes take the same logins) */
  const elsewhere = (a: readonly string[], b: readonly string[]) => {
    for (const x of a) {
      const [la, da] = split(x);
      for (const y of b) {
        const [lb, db] = split(y);
        if (la.length >= 4 && la === lb) return true;
        if (da === db && la.length >= 4 && jaroWinkler(la, lb) >= 0.92) return true;
      }
    }
    return false;
  };
  // with four m values: shared, one slip, the same login elsewhere, different; with three (older rules
  // files): shared, similar (either), different
  const four = rule.m?.length === 4;
  const partial = four ? slip : (a: readonly string[], b: readonly string[]) => slip(a, b) || elsewhere(a, b);
  const c = setComparator(rule, 'email', sets, displays, partial, (i, variant) => (variant === 'local' ? [...(locals[i] ?? EMPTY)] : []));
  const extra = { weak: isRoleMailbox, personal: (v: string) => !isRoleMailbox(v) };
  // a card whose every mailbox is a phone number (89961067702@mail.ru) has its number compared by the phone
  // comparison; against another card's named mailbox it tells nothing (people keep both): missing, not different
  const phoneLoginsOnly = rule.field ? null : sets.map((set) => set.length > 0 && set.every((x) => phoneFromEmailLogin(x) !== null));
  const last = (four ? 4 : c.levels.length) - 1;
  const notAgainstPhoneLogin = (l: number, i: number, j: number) => (l === last && phoneLoginsOnly && (phoneLoginsOnly[i] || phoneLoginsOnly[j]) ? NULL_LEVEL : l);
  if (!four) return { ...c, ...extra, level: (i, j) => notAgainstPhoneLogin(c.level(i, j), i, j) };
  const levels = ['shared', 'one slip', 'same login elsewhere', 'different'];
  return {
    ...c,
    ...extra,
    levels,
    codes: [code('shared'), code('one_slip'), code('login_elsewhere'), code('different')],
    level(i, j) {
      const l = c.level(i, j);
      if (l !== 2) return l;
      return notAgainstPhoneLogin(elsewhere(sets[i] ?? EMPTY, sets[j] ?? EMPTY) ? 2 : 3, i, j);
    },
  };
}

/**
 * A typing slip anywhere in a login, digits included: a character dropped, doubled or added, or two
 * neighbours swapped (tarasova807 / tarasova087, ivan1980 / ivan19880). A changed character is not one:
 * ivan1980 / ivan1981 are two people's logins (see loginSlip for changed letters).
 */
export function typingSlip(x: string, y: string): boolean {
  if (x === y) return false;
  if (x.length !== y.length) return Math.abs(x.length - y.length) === 1 && editDistance(x, y, 1) <= 1;
  const diff: number[] = [];
  for (let k = 0; k < x.length && diff.length <= 2; k++) if (x[k] !== y[k]) diff.push(k);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && x[diff[0]!] === y[diff[1]!] && x[diff[1]!] === y[diff[0]!];
}

/**
 * One slip in the letters of a login (a letter dropped, doubled, changed or two swapped); digits and
 * punctuation must agree: mamedovm75 / mamedovm76 and ivan-petrov / ivan.petrov are other people's logins
 * (a dropped or swapped digit is typingSlip's).
 */
export function loginSlip(a: string, b: string): boolean {
  if (a.replace(/[a-z]/g, '') !== b.replace(/[a-z]/g, '')) return false;
  const x = a.replace(/[^a-z]/g, '');
  const y = b.replace(/[^a-z]/g, '');
  if (x === y || x.length < 4) return false;
  if (editDistance(x, y, 1) <= 1) return true;
  if (x.length !== y.length) return false;
  const diff: number[] = [];
  for (let k = 0; k < x.length && diff.length <= 2; k++) if (x[k] !== y[k]) diff.push(k);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && x[diff[0]!] === y[diff[1]!] && x[diff[1]!] === y[diff[0]!];
}

/** The host of a site address: scheme, www., path and port dropped ("https://www.Firm.ru/contacts" → "firm.ru"). */
export function siteHost(raw: string): string | null {
  const host = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .split(/[/?#:\s]/)[0];
  return host && /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.test(host) ? host : null;
}

/**
 * A company's own internet domain: its site and the domains of its mailboxes that are not public
 * mail services (sales@firm.ru and buh@firm.ru are one firm).
 */
function domainComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const sets: string[][] = [];
  const displays: string[] = [];
  for (const e of entities) {
    const keys = new Set<string>();
    for (const v of fieldValues(e, rule.field ?? 'WEB')) {
      const h = siteHost(v);
      if (h) keys.add(h);
    }
    for (const v of fieldValues(e, 'EMAIL')) for (const c of canonicalEmails(v)) if (!FREE_MAIL_DOMAINS.has(c.domain)) keys.add(c.domain);
    sets.push([...keys]);
    displays.push([...keys].join(', '));
  }
  const c = setComparator(rule, 'email', sets, displays, null, null);
  return { ...c, kind: 'domain', m: rule.m ?? [0.8, 0.2] };
}

/** The words of free text: folded, a leading URL scheme and www. dropped, phonetic keys except for numbers. */
function textWords(text: string): string[] {
  return foldCase(text)
    .replace(/^(https?:\/\/)?(www\.)?/u, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((x) => x.length > 0)
    .map((x) => (/^\d+$/.test(x) ? x : phoneticKey(x)));
}

/** true when one name is the other plus brand words only (Групп, Про, Плюс/+, Холдинг, Сервис…). */
export function brandSuffixed(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0 || long.length === short.length) return false;
  const rest = [...long];
  for (const w of short) {
    let at = rest.indexOf(w);
    if (at < 0) at = rest.findIndex((x) => !BRAND_SUFFIX_WORDS.has(x) && x.length >= 4 && jaroWinkler(w, x) >= 0.9);
    if (at < 0) return false;
    rest.splice(at, 1);
  }
  return rest.length > 0 && rest.every((w) => BRAND_SUFFIX_WORDS.has(w) || (w.length >= 4 && [...BRAND_SUFFIX_WORDS].some((x) => x.length >= 4 && jaroWinkler(w, x) >= 0.88)));
}

/**
 * Two sole traders' names (["ip", surname, given, patronymic], each full or an initial): the level
 * of the pair, or null when either is not a sole trader's. One surname and compatible initials
 * ("ИП Киселев А. В." / "КИСЕЛЁВ АНДРЕЙ ВИКТОРОВИЧ ИП") is a one-typo level; other initials or
 * other full names ("Андрей Александрович" / "Алексей Алексеевич") are two people.
 */
function soleTraderLevel(a: readonly string[], b: readonly string[]): number | null {
  if (a[0] !== 'ip' || b[0] !== 'ip' || a.length < 2 || b.length < 2) return null;
  const sa = a[1]!;
  const sb = b[1]!;
  // one letter dropped, added or changed in the owner's surname (Гусев / Госев, Воронцов / Вронцов) is a slip,
  // a weaker level that still needs a shared number or mailbox; Киселев / Киселева are husband and wife
  const slip = sa !== sb && jaroWinkler(sa, sb) < 0.9 && Math.min(sa.length, sb.length) >= 5 && editDistance(sa, sb, 1) <= 1 && !surnameGenderPair(sa, sb);
  if ((sa !== sb && jaroWinkler(sa, sb) < 0.9 && !slip) || surnameGenderPair(sa, sb)) return 3;
  for (let k = 2; k < Math.min(a.length, b.length); k++) {
    const x = a[k]!;
    const y = b[k]!;
    // an initial ends with "." ("ю." → "iu."): it agrees with any full word it starts
    const xi = x.endsWith('.');
    const yi = y.endsWith('.');
    const ok = xi || yi ? (xi ? y.startsWith(x.slice(0, -1)) : true) && (yi ? x.startsWith(y.slice(0, -1)) : true) || (xi && yi && x === y) : x === y || jaroWinkler(x, y) >= 0.9;
    if (!ok) return 3;
  }
  return slip ? 2 : 1;
}

/** Free text (addresses, company names): exact after folding, then word-set similarity. */
function textComparator(rule: ComparisonRule, entities: readonly AmoEntity[], asCompany: boolean): Comparator {
  const [t1, t2] = thresholdsOf(rule, 0.92, 0.8);
  const displays = entities.map((e) => (asCompany ? (e.name ? [e.name] : []) : fieldValues(e, rule.field ?? 'name')).join(' '));
  const wordsOf = displays.map((text) => (asCompany ? companyWords(text) : textWords(text)));
  const cyrillic = displays.map((text) => /[а-яё]/iu.test(text));
  const keys = wordsOf.map((w) => (w.length > 0 ? w.join(asCompany ? '' : ' ') : null));
  const c = keyedComparator(rule, {
    kind: asCompany ? 'company' : 'text',
    levels: levelLabels('exact', [t1, t2]),
    codes: [code('exact'), code('similar', t1), code('similar', t2), code('different')],
    m: [0.7, 0.15, 0.08, 0.07],
    tf: true,
    keys,
    displays,
    differ(a, b, i, j) {
      // Ромашка / Ромашка Групп, Инфолайн / Инфолайн Про: an affiliate or a branch, another entity
      if (asCompany) {
        const st = soleTraderLevel(wordsOf[i] ?? EMPTY, wordsOf[j] ?? EMPTY);
        if (st !== null) return st;
        // brand words are read in Russian names only ("Day Care Center" is the same firm as "Day Care")
        if (cyrillic[i] && cyrillic[j] && brandSuffixed(wordsOf[i] ?? EMPTY, wordsOf[j] ?? EMPTY)) return 3;
      }
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
  // rule.personal: the cards sharing a name are mostly one firm's duplicates, so its frequency weighs it down less
  return rule.personal ? { ...c, personal: () => true } : c;
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
    codes: [code('exact'), code('street', t1), code('street', t2), code('different')],
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
    codes: [code('exact'), code('typo'), code('different')],
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
    codes: [code('exact'), code('date_typo'), code('same_year'), code('different')],
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
  domain: domainComparator,
};

export function buildComparator(rule: ComparisonRule, entities: readonly AmoEntity[]): Comparator {
  const built = BUILDERS[rule.kind](rule, entities);
  const c = rule.veto ? { ...built, veto: true } : built;
  if (c.codes.length !== c.levels.length) throw new Error(`Comparison "${rule.id}": ${c.levels.length} levels but ${c.codes.length} codes.`);
  if (c.m.length !== c.levels.length) {
    throw new Error(`Comparison "${rule.id}" (${rule.kind}) has ${c.levels.length} levels (${c.levels.join(', ')}); its m lists ${c.m.length} values.`);
  }
  return c;
}
