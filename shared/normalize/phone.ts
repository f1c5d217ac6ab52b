// runtime: common (no node, no DOM, no electron)
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { splitStuffedValue } from './split';

export const DEFAULT_REGION: CountryCode = 'RU';

export interface ParsedPhone {
  /** E.164, e.g. +79123456789 */
  e164: string;
  /** extension digits when the value carried one ("доб. 123"), else null */
  ext: string | null;
  /** E.164 plus ";ext=N" when there is an extension: the identity used for matching */
  key: string;
}

export interface PhoneValueAnalysis {
  /** every valid number found, in order, repeats kept */
  numbers: ParsedPhone[];
  /** parts of the value that held no valid number */
  invalidParts: string[];
  /** two or more numbers in one value (a repeated number counts) */
  stuffed: boolean;
}

const EXT_WORDS = /(?:доб(?:авочный)?\.?|вн(?:утр(?:енний)?)?\.?|ext\.?|extension|x)\s*[:#№]?\s*(\d{1,6})\s*$/iu;

function toParsed(e164: string, ext: string | undefined | null): ParsedPhone {
  const extension = ext && ext.length > 0 ? ext : null;
  return { e164, ext: extension, key: extension ? `${e164};ext=${extension}` : e164 };
}

/** The single-number reading of a part whose extension (if any) was already cut off. */
function parseSingle(main: string, ext: string | null, region: CountryCode): ParsedPhone | null {
  const direct = parsePhoneNumberFromString(main, region);
  if (direct && direct.isValid()) return toParsed(direct.number, ext ?? direct.ext ?? null);
  // Russian numbers typed as 7XXXXXXXXXX or 8XXXXXXXXXX without a plus, or with stray text around
  const digits = main.replace(/\D/g, '');
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) {
    const ru = parsePhoneNumberFromString(`+7${digits.slice(1)}`, region);
    if (ru && ru.isValid()) return toParsed(ru.number, ext);
  }
  const found = findPhoneNumbersInText(main, region);
  const first = found[0];
  if (first && first.number.isValid()) return toParsed(first.number.number, ext ?? first.number.ext ?? null);
  return null;
}

/** Splits a part into its main text and a trailing extension ("… доб. 123"). */
function cutExtension(part: string): { main: string; ext: string | null } {
  const trimmed = part.trim();
  const extMatch = EXT_WORDS.exec(trimmed);
  return extMatch ? { main: trimmed.slice(0, extMatch.index), ext: extMatch[1] ?? null } : { main: trimmed, ext: null };
}

/** Parses one part of a value (one intended number): the first number when the part holds several. */
export function parsePhonePart(part: string, region: CountryCode = DEFAULT_REGION): ParsedPhone | null {
  if (!/\d/.test(part)) return null;
  const { main, ext } = cutExtension(part);
  return parseSingle(main, ext, region);
}

/**
 * A part with fewer digits is read as one number: two Russian numbers need 20 digits, and one number
 * plus an extension typed without a word (11 + up to 4) stays below this.
 */
const TWO_NUMBERS_MIN_DIGITS = 16;
/** Digits that cannot be one Russian number plus a short extension: a run this long is cut inside too. */
const RUN_SPLIT_MIN_DIGITS = 20;
/** An extension in the middle of a part, followed by another number: "… доб. 12 8 912 …". */
const MID_EXT = /(?:доб(?:авочный)?\.?|вн(?:утр(?:енний)?)?\.?|ext\.?|extension)\s*[:#№]?\s*\d{1,6}(?=\s+\+?[\d(])/giu;

/** Validates one chunk of digits as a whole number (no surrounding text). */
function chunkNumber(digits: string, plus: boolean, region: CountryCode): string | null {
  if (digits.length < 7 || digits.length > 15) return null;
  if (plus) {
    const p = parsePhoneNumberFromString(`+${digits}`);
    return p && p.isValid() ? p.number : null;
  }
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) {
    const ru = parsePhoneNumberFromString(`+7${digits.slice(1)}`, region);
    return ru && ru.isValid() ? ru.number : null;
  }
  if (digits.length === 10) {
    const national = parsePhoneNumberFromString(digits, region);
    return national && national.isValid() ? national.number : null;
  }
  return null;
}

/**
 * Reads a run of digit groups ("8 912 345 67 89 8 985 777 00 11") as two or more whole numbers, or null.
 * Numbers end at group boundaries (inside a group only when it is too long for one number);
 * a "+" always starts a number. Every digit of the part must belong to a number.
 */
function segmentNumbers(main: string, region: CountryCode): string[] | null {
  const groups = [...main.matchAll(/(\+?)\s*(\d+)/gu)].map((m) => ({ plus: m[1] === '+', digits: m[2] as string }));
  if (groups.length === 0 || groups.length > 40) return null;
  // cut points: positions in the concatenated digits where a number may end
  const all = groups.map((g) => g.digits).join('');
  const starts = new Map<number, boolean>(); // digit offset of a group start → it has a plus
  const cuts = new Set<number>([0, all.length]);
  let offset = 0;
  for (const g of groups) {
    starts.set(offset, g.plus);
    cuts.add(offset);
    if (g.digits.length >= RUN_SPLIT_MIN_DIGITS) for (let i = 1; i < g.digits.length; i++) cuts.add(offset + i);
    offset += g.digits.length;
  }
  const plusAt = (i: number): boolean => starts.get(i) === true;
  // best[i]: a segmentation of all[i..] into numbers (fewest numbers first found from the left), or null
  const best = new Map<number, string[] | null>();
  const solve = (i: number): string[] | null => {
    if (i === all.length) return [];
    const memo = best.get(i);
    if (memo !== undefined) return memo;
    let result: string[] | null = null;
    for (let j = Math.min(all.length, i + 15); j >= i + 7 && result === null; j--) {
      if (!cuts.has(j)) continue;
      let crossesPlus = false;
      for (let k = i + 1; k < j && !crossesPlus; k++) crossesPlus = plusAt(k);
      if (crossesPlus) continue;
      const n = chunkNumber(all.slice(i, j), plusAt(i), region);
      if (!n) continue;
      const rest = solve(j);
      if (rest) result = [n, ...rest];
    }
    best.set(i, result);
    return result;
  };
  const numbers = solve(0);
  return numbers && numbers.length >= 2 ? numbers : null;
}

/** The numbers of one part cut at mid-part extensions; several when the digits hold several whole numbers. */
function parsePiece(piece: string, region: CountryCode): ParsedPhone[] {
  if (!/\d/.test(piece)) return [];
  const { main, ext } = cutExtension(piece);
  if (main.replace(/\D/g, '').length >= TWO_NUMBERS_MIN_DIGITS) {
    const segmented = segmentNumbers(main, region);
    if (segmented) return segmented.map((n, i) => toParsed(n, i === segmented.length - 1 ? ext : null));
    const found = findPhoneNumbersInText(main, region).filter((m) => m.number.isValid());
    if (found.length >= 2) return found.map((m, i) => toParsed(m.number.number, (i === found.length - 1 ? ext : null) ?? m.number.ext ?? null));
  }
  const single = parseSingle(main, ext, region);
  return single ? [single] : [];
}

/**
 * Every number in one part of a value. A single number typed with spaces ("+7 912 345 67 89",
 * "+7 495 123-45-67 доб. 123") is one number; numbers separated only by spaces
 * ("89123456789 89857770011", "8 912 345 67 89 8 985 777 00 11") are each returned.
 */
export function parsePhoneNumbersInPart(part: string, region: CountryCode = DEFAULT_REGION): ParsedPhone[] {
  const trimmed = part.trim();
  if (!/\d/.test(trimmed)) return [];
  // cut after an extension that is followed by another number with digits enough to be one
  const pieces: string[] = [];
  let from = 0;
  for (const m of trimmed.matchAll(MID_EXT)) {
    const end = (m.index ?? 0) + m[0].length;
    if (trimmed.slice(end).replace(/\D/g, '').length < 10) continue;
    pieces.push(trimmed.slice(from, end));
    from = end;
  }
  pieces.push(trimmed.slice(from));
  return pieces.flatMap((piece) => parsePiece(piece, region));
}

/** Every number in a phone field value, after splitting stuffed values. */
export function analyzePhoneValue(value: string | null | undefined, region: CountryCode = DEFAULT_REGION): PhoneValueAnalysis {
  const numbers: ParsedPhone[] = [];
  const invalidParts: string[] = [];
  if (!value || value.trim() === '') return { numbers, invalidParts, stuffed: false };
  for (const part of splitStuffedValue(value)) {
    // a part may hold several numbers separated only by spaces: "89123456789 89221112233"
    const found = parsePhoneNumbersInPart(part, region);
    if (found.length > 0) numbers.push(...found);
    else invalidParts.push(part);
  }
  return { numbers, invalidParts, stuffed: numbers.length >= 2 };
}

/** Formats an E.164 Russian number as +7 XXX XXX-XX-XX; other countries in international format. */
export function formatPhone(e164: string, ext?: string | null): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  const base = m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : (parsePhoneNumberFromString(e164)?.formatInternational() ?? e164);
  return ext ? `${base} доб. ${ext}` : base;
}

/** True when a free-text value (not a phone field) contains a phone number. */
export function containsPhoneNumber(text: string | null | undefined, region: CountryCode = DEFAULT_REGION): boolean {
  if (!text || !/\d{5,}|\d[\d\s().-]{8,}\d/.test(text)) return false;
  return findPhoneNumbersInText(text, region).some((m) => m.number.isValid());
}
