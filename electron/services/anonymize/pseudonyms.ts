// runtime: node
/**
 * Stable pseudonyms that keep what the audit and the matcher read (see README "Anonymized copy"):
 *
 * - Phone numbers: each E.164 number maps to another of the same country, the same type
 *   (mobile, fixed line...) and validity, keeping the first three digits of the national number
 *   (operator or area code) and drawing the rest from HMAC; digits are replaced in place, so a
 *   value keeps its format, its trunk prefix (8 / +7), its stuffing and its invalid parts.
 * - E-mail addresses: the mailbox name goes through a keyed permutation of a–z and 0–9 (dots,
 *   "+tags", hyphens and case kept), so equality, canonical equality (Gmail dots, +tags) and the
 *   matcher's string similarity are unchanged; public mail domains stay, other domains are
 *   permuted label by label (the top-level domain stays).
 * - Names of people and companies, and the text fields of contacts and companies: every word
 *   becomes a Latin word whose phonetic key is the original key with its letters permuted (σ:
 *   14 letters that no phonetic rule looks at), so equal keys stay equal and Jaro–Winkler, edit
 *   distance and word-set similarity between keys are exactly the same. Distinct spellings of
 *   one key ("Petrov", "Петров") stay distinct by doubling letters, which the key ignores.
 *   Words the matcher or the audit read as vocabulary are kept: given names of the public name
 *   table, legal forms, titles, address words, placeholders.
 * - Free text (notes, task texts, deal names, anything else): every word becomes a random word of
 *   the same length and script (HMAC of the word); phone numbers and e-mails inside are mapped as above.
 * - Digits that are not part of a phone number go through a keyed permutation of 0–9.
 *
 * Two passes: the first collects spellings and numbers, the second writes.
 */
import { parsePhoneNumberFromString, findPhoneNumbersInText } from 'libphonenumber-js/max';
import { canonicalEmail, analyzeEmailValue } from '../../../shared/normalize/email';
import { COMPANY_STOPWORDS, stripCompanyName } from '../../../shared/normalize/company';
import { cleanNameText, isKnownGivenName, isPatronymic } from '../../../shared/normalize/names';
import { analyzePhoneValue, containsPhoneNumber, DEFAULT_REGION } from '../../../shared/normalize/phone';
import { foldCase, phoneticKey } from '../../../shared/normalize/translit';
import { isNoName } from '../audit/rules/define';
import { phoneKeys } from '../match/phones';
import { NAME_SAFE_LETTERS, type Keys } from './keys';

/** Titles the name parser drops (shared/normalize/names.ts). */
const TITLES = ['г', 'гн', 'господин', 'госпожа', 'гжа', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'тов', 'уважаемый', 'уважаемая'];
/** Address vocabulary the matcher abbreviates or drops (match/comparators.ts). */
const ADDRESS_WORDS = [
  'street', 'str', 'avenue', 'av', 'boulevard', 'blv', 'road', 'drive', 'place', 'lane', 'court', 'parkway', 'highway', 'square',
  'terrace', 'circle', 'north', 'south', 'east', 'west', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth',
  'ninth', 'tenth', 'st', 'ave', 'blvd', 'rd', 'dr', 'pl', 'ln', 'ct', 'pkwy', 'hwy', 'sq', 'ter', 'cir', 'n', 's', 'e', 'w',
  'улица', 'проспект', 'просп', 'пркт', 'переулок', 'площадь', 'шоссе', 'бульвар', 'бул', 'бр', 'набережная', 'дом', 'корпус', 'корп',
  'строение', 'стр', 'квартира', 'офис', 'город', 'область', 'район', 'ул', 'пр', 'пер', 'пл', 'ш', 'б', 'наб', 'д', 'к', 'с', 'кв',
  'оф', 'г', 'обл', 'р', 'россия', 'рф', 'usa', 'us', 'russia',
];
/** Words of the legal-form phrases that stripCompanyName removes as a whole. */
const LEGAL_PHRASE_WORDS = [
  'общество', 'с', 'ограниченной', 'ответственностью', 'публичное', 'акционерное', 'закрытое', 'открытое', 'непубличное',
  'индивидуальный', 'предприниматель', 'частное', 'предприятие', 'товарищество', 'автономная', 'некоммерческая', 'организация',
  'государственное', 'унитарное', 'муниципальное', 'федеральное', 'бюджетное', 'учреждение', 'крестьянское', 'фермерское',
  'хозяйство', 'limited', 'liability', 'company', 'partnership', 'public', 'private',
];
/** Words of a phone value the phone parser reads: separators and extension words. */
const PHONE_WORDS = ['доб', 'добавочный', 'вн', 'внутр', 'внутренний', 'ext', 'extension', 'x', 'и', 'или', 'or', 'and'];
/** Mail services whose domain says nothing about the person (plus the typos and aliases email.ts folds). */
const PUBLIC_MAIL = new Set([
  'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'internet.ru', 'yandex.ru', 'ya.ru', 'yandex.com', 'yandex.by', 'yandex.kz', 'yandex.ua',
  'narod.ru', 'rambler.ru', 'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com',
  'mac.com', 'yahoo.com', 'aol.com', 'mail.com', 'gmx.com', 'gmx.de', 'protonmail.com', 'proton.me', 'ukr.net', 'tut.by', 'qip.ru',
]);
const KEEP_WORDS = new Set([...TITLES, ...ADDRESS_WORDS, ...LEGAL_PHRASE_WORDS, ...COMPANY_STOPWORDS]);
const PHONE_KEEP = new Set([...PHONE_WORDS]);
const PATRONYMIC_KEY_SUFFIX = /(ovich|evich|ovna|evna|ichna)$/;
const EMAIL_IN_TEXT = /[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:.]{2,}/gu;
const SAFE = new Set(NAME_SAFE_LETTERS);

/** What a custom field's value is, for its pseudonym. */
export type FieldRole = 'phone' | 'email' | 'name' | 'prose' | 'keep';

/** A legal-form word ("ООО", "LLC"): the company-name stripper removes it. */
function isLegalWord(word: string): boolean {
  const w = foldCase(word);
  return stripCompanyName(`x ${w}`) !== `x ${w}`;
}

function withCase(original: string, out: string): string {
  const letters = original.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return out.toUpperCase();
  const first = original[0] ?? '';
  if (first !== first.toLowerCase()) return out.charAt(0).toUpperCase() + out.slice(1);
  return out;
}

export class AnonymizeError extends Error {}

export class Pseudonymizer {
  /** pass 1: record spellings and numbers, return inputs unchanged */
  collecting = true;
  private readonly spellings = new Map<string, Set<string>>();
  private variants = new Map<string, number>();
  private readonly originalNumbers = new Set<string>();
  private readonly numberMap = new Map<string, string>();
  private readonly usedNumbers = new Set<string>();
  /** σ draws tried before one mapped no name key onto a dictionary word */
  sigmaAttempts = 1;

  constructor(private readonly keys: Keys) {}

  /** Ends pass 1: numbers every spelling of each name key, and draws σ until no key lands on vocabulary. */
  finishCollecting(): void {
    this.collecting = false;
    for (const [key, set] of this.spellings) {
      const sorted = [...set].sort((a, b) => this.keys.hmac('variant', `${key}|${a}`).compare(this.keys.hmac('variant', `${key}|${b}`)));
      sorted.forEach((s, i) => this.variants.set(`${key}|${s}`, i));
    }
    const clash = (): boolean => {
      for (const [key, set] of this.spellings) {
        const patronymic = [...set].some((s) => isPatronymic(s));
        const out = this.cipherKey(key, patronymic);
        if (isKnownGivenName(out) || isLegalWord(out) || KEEP_WORDS.has(out) || isPatronymic(out) !== patronymic) return true;
      }
      return false;
    };
    for (let attempt = 1; attempt < 40 && clash(); attempt++) {
      this.keys.redrawNameLetters(attempt);
      this.sigmaAttempts = attempt + 1;
    }
  }

  // ---- phone numbers ----

  /** The pseudonym of one E.164 number: same country, type and validity; first three national digits kept. */
  phoneNumber(e164: string): string {
    const known = this.numberMap.get(e164);
    if (known) return known;
    const p = parsePhoneNumberFromString(e164);
    if (!p) throw new AnonymizeError('A phone number could not be re-read.');
    const nsn = p.nationalNumber as string;
    const keep = Math.max(0, Math.min(3, nsn.length - 4));
    const type = p.getType();
    for (let attempt = 0; attempt < 500; attempt++) {
      const candidate = `+${p.countryCallingCode}${nsn.slice(0, keep)}${this.keys.digitsFor(`phone:${attempt}`, e164, nsn.length - keep)}`;
      if (candidate === e164 || this.originalNumbers.has(candidate) || this.usedNumbers.has(candidate)) continue;
      const q = parsePhoneNumberFromString(candidate);
      if (!q || !q.isValid() || q.getType() !== type || q.country !== p.country || q.number !== candidate) continue;
      this.numberMap.set(e164, candidate);
      this.usedNumbers.add(candidate);
      return candidate;
    }
    throw new AnonymizeError(`No pseudonym found for a phone number of country ${p.country ?? p.countryCallingCode}.`);
  }

  private mapKey(key: string): string {
    const [e164, ext] = key.split(';ext=') as [string, string | undefined];
    return ext === undefined ? this.phoneNumber(e164) : `${this.phoneNumber(e164)};ext=${this.permuteDigits(ext)}`;
  }

  private permuteDigits(s: string): string {
    return s.replace(/\d/g, (d) => this.keys.digits.get(d)!);
  }

  /**
   * Replaces the digits of a text: the national digits of each number (in order) by its pseudonym's,
   * the country code or trunk prefix right before it kept, every other digit permuted (or zeroed).
   * Null when a number's digits are not found in order.
   */
  private substituteDigits(text: string, numbers: readonly string[], others: 'permute' | 'zero'): string | null {
    const positions: number[] = [];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) positions.push(i);
    const stream = positions.map((i) => text[i]!).join('');
    const out = [...stream];
    const done = new Array<boolean>(stream.length).fill(false);
    let cursor = 0;
    for (const e164 of numbers) {
      const p = parsePhoneNumberFromString(e164);
      if (!p) return null;
      const nsn = p.nationalNumber as string;
      const at = stream.indexOf(nsn, cursor);
      if (at < 0) return null;
      const pseudoNsn = parsePhoneNumberFromString(this.phoneNumber(e164))!.nationalNumber as string;
      for (let k = 0; k < nsn.length; k++) {
        out[at + k] = pseudoNsn[k]!;
        done[at + k] = true;
      }
      const cc = p.countryCallingCode as string;
      const before = stream.slice(cursor, at);
      const prefix = before.endsWith(cc) ? cc.length : cc === '7' && before.endsWith('8') ? 1 : 0;
      for (let k = at - prefix; k < at; k++) done[k] = true;
      cursor = at + nsn.length;
    }
    for (let k = 0; k < out.length; k++) if (!done[k]) out[k] = others === 'zero' ? '0' : this.keys.digits.get(out[k]!)!;
    // positions index UTF-16 units; ASCII digits are single units
    const units = text.split('');
    positions.forEach((pos, k) => (units[pos] = out[k]!));
    return units.join('');
  }

  private numbersInText(text: string): string[] {
    if (!/\d{5,}|\d[\d\s().-]{8,}\d/.test(text)) return [];
    return findPhoneNumbersInText(text, DEFAULT_REGION)
      .filter((m) => m.number.isValid())
      .map((m) => m.number.number as string);
  }

  /** A phone field value. */
  phoneValue(value: string): string {
    const analysis = analyzePhoneValue(value);
    const oldKeys = phoneKeys(value);
    if (this.collecting) {
      for (const n of analysis.numbers) this.originalNumbers.add(n.e164);
      for (const k of oldKeys) this.originalNumbers.add(k.split(';ext=')[0]!);
      this.words(value, (w) => w);
      return value;
    }
    const expected = analysis.numbers.map((n) => this.mapKey(n.key));
    // phoneKeys may read a trunk prefix or the next number as an extension ("…;ext=8"): extensions
    // are checked by count only (the duplicate groups are compared in the end anyway)
    const shapeOf = (keys: readonly string[], map: (e164: string) => string) =>
      keys.map((k) => { const [e164, ext] = k.split(';ext=') as [string, string | undefined]; return `${map(e164)}${ext === undefined ? '' : ';ext'}`; }).sort().join(' ');
    const expectedShape = shapeOf(oldKeys, (e) => this.phoneNumber(e));
    for (const mode of ['permute', 'zero'] as const) {
      const digits = this.substituteDigits(value, analysis.numbers.map((n) => n.e164), mode);
      if (digits === null) continue;
      const out = this.words(digits, (w) => (PHONE_KEEP.has(foldCase(w)) ? w : this.proseWord(w)));
      const again = analyzePhoneValue(out);
      const keys = phoneKeys(out);
      if (
        again.stuffed === analysis.stuffed &&
        again.invalidParts.length === analysis.invalidParts.length &&
        again.numbers.map((n) => n.key).join(' ') === expected.join(' ') &&
        shapeOf(keys, (e) => e) === expectedShape
      ) {
        return out;
      }
    }
    throw new AnonymizeError('A phone value could not be given a pseudonym that parses the same way.');
  }

  // ---- e-mail ----

  /** One address: mailbox characters permuted, a non-public domain permuted label by label. */
  mailAddress(address: string): string {
    const at = address.lastIndexOf('@');
    const local = address.slice(0, at);
    const domain = address.slice(at + 1);
    const perm = (s: string) =>
      [...s]
        .map((ch) => {
          const lower = ch.toLowerCase();
          const mapped = this.keys.mailChars.get(lower);
          if (mapped === undefined) return /\p{L}/u.test(ch) ? this.keys.wordFor(`mailchar:${lower}`, 1, true) : ch;
          return ch === lower ? mapped : mapped.toUpperCase();
        })
        .join('');
    const lowerDomain = domain.toLowerCase();
    const canonicalDomain = canonicalEmail(`aaaa@${lowerDomain}`)?.domain;
    const publicDomain = PUBLIC_MAIL.has(lowerDomain) || (canonicalDomain !== undefined && canonicalDomain !== lowerDomain);
    const labels = domain.split('.');
    const newDomain = publicDomain ? domain : labels.map((l, i) => (i === labels.length - 1 || /^(ru|com|net|org|su|рф)$/iu.test(l) ? l : perm(l))).join('.');
    return `${perm(local)}@${newDomain}`;
  }

  /** An e-mail field value: addresses mapped, any other text as free text. */
  emailValue(value: string): string {
    if (this.collecting) return value;
    const out = this.text(value, 'prose');
    const before = analyzeEmailValue(value);
    const after = analyzeEmailValue(out);
    const expected = before.addresses.map((a) => this.mailAddress(a).toLowerCase());
    if (after.invalidParts.length !== before.invalidParts.length || after.addresses.join(' ') !== expected.join(' ')) {
      throw new AnonymizeError('An e-mail value could not be given a pseudonym that parses the same way.');
    }
    return out;
  }

  // ---- words and text ----

  private words(text: string, fn: (word: string) => string): string {
    return text.replace(/\p{L}+/gu, fn);
  }

  /** A free-text word: a keyed random word of the same length and script. */
  proseWord(word: string): string {
    if (this.collecting) return word;
    const length = [...word].length;
    if (length <= 1) return word; // a single letter names no one, and may be a separator ("и")
    const lower = word.toLowerCase();
    const cyrillic = /[\u0400-\u04ff]/u.test(word);
    let out = this.keys.wordFor(lower, length, cyrillic);
    // never a word that parsers read (separators "или", "and"; extension words "доб", "ext")
    for (let attempt = 1; PHONE_KEEP.has(out) || KEEP_WORDS.has(out); attempt++) out = this.keys.wordFor(`${lower}\u0000${attempt}`, length, cyrillic);
    return withCase(word, out);
  }

  private cipherKey(key: string, patronymic: boolean): string {
    const m = patronymic ? PATRONYMIC_KEY_SUFFIX.exec(key) : null;
    const stem = m ? key.slice(0, m.index) : key;
    const mapped = [...stem].map((ch) => this.keys.nameLetters.get(ch) ?? (/\d/.test(ch) ? this.keys.digits.get(ch)! : ch)).join('');
    return m ? mapped + m[0] : mapped;
  }

  /** A name word: its phonetic key with σ applied, one variant per spelling; vocabulary kept. */
  nameWord(word: string): string {
    const folded = foldCase(word);
    if ([...word].length <= 1 || KEEP_WORDS.has(folded) || isKnownGivenName(word) || isLegalWord(word)) return word;
    const key = phoneticKey(word);
    if (key === '' || !/^[a-z0-9]+$/.test(key)) return this.proseWord(word);
    const spelling = word.toLowerCase();
    if (this.collecting) {
      let set = this.spellings.get(key);
      if (!set) this.spellings.set(key, (set = new Set()));
      set.add(spelling);
      return word;
    }
    const patronymic = isPatronymic(word);
    const base = this.cipherKey(key, patronymic);
    let variant = this.variants.get(`${key}|${spelling}`);
    if (variant === undefined) {
      variant = this.variants.size;
      this.variants.set(`${key}|${spelling}`, variant);
    }
    const stemLength = patronymic ? (PATRONYMIC_KEY_SUFFIX.exec(base)?.index ?? base.length) : base.length;
    const slots: number[] = [];
    for (let i = 0; i < stemLength; i++) if (SAFE.has(base[i]!)) slots.push(i);
    // variant v in base 4 over the slots: slot i repeats its letter 1 + digit_i times
    const repeats = new Array<number>(base.length).fill(1);
    let v = variant;
    for (const slot of slots) {
      if (v === 0) break;
      repeats[slot] = 1 + (v % 4);
      v = Math.floor(v / 4);
    }
    const out = [...base].map((ch, i) => ch.repeat(repeats[i]!)).join('');
    return withCase(word, out);
  }

  /**
   * Text with e-mails and phone numbers mapped, other digits permuted, and every word replaced:
   * 'name' words keep their phonetic structure (names, contact and company text fields), 'prose'
   * words become random words. The presence of a phone number in the text is kept.
   */
  text(text: string, kind: 'name' | 'prose'): string {
    const wordFn = kind === 'name' ? (w: string) => this.nameWord(w) : (w: string) => this.proseWord(w);
    const parts: string[] = [];
    let last = 0;
    for (const m of text.matchAll(EMAIL_IN_TEXT)) {
      const start = m.index ?? 0;
      parts.push(this.plainText(text.slice(last, start), wordFn));
      parts.push(this.collecting ? m[0] : this.mailAddress(m[0]));
      last = start + m[0].length;
    }
    parts.push(this.plainText(text.slice(last), wordFn));
    return parts.join('');
  }

  private plainText(text: string, wordFn: (w: string) => string): string {
    if (text === '') return text;
    const numbers = this.numbersInText(text);
    if (this.collecting) {
      for (const n of numbers) this.originalNumbers.add(n);
      this.words(text, wordFn);
      return text;
    }
    const hadPhone = containsPhoneNumber(text);
    let fallback = text;
    for (const mode of ['permute', 'zero'] as const) {
      const digits = this.substituteDigits(text, numbers, mode) ?? this.substituteDigits(text, [], mode)!;
      const out = this.words(digits, wordFn);
      if (containsPhoneNumber(out) === hadPhone) return out;
      fallback = out;
    }
    return fallback;
  }

  /** A contact's or company's name: placeholders ("Контакт без имени", "Компания без названия") kept, every other word a name word. */
  cardName(name: string): string {
    if (name.trim() === '' || isNoName(name) || cleanNameText(name) === '') return name;
    return this.text(name, 'name');
  }

  /** A field value by the field's role. */
  fieldValue(role: FieldRole, value: string): string {
    switch (role) {
      case 'phone':
        return this.phoneValue(value);
      case 'email':
        return this.emailValue(value);
      case 'name':
        return this.text(value, 'name');
      case 'prose':
        return this.text(value, 'prose');
      case 'keep':
        return value;
    }
  }
}
