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

/** Parses one part of a value (one intended number). */
export function parsePhonePart(part: string, region: CountryCode = DEFAULT_REGION): ParsedPhone | null {
  const trimmed = part.trim();
  if (!/\d/.test(trimmed)) return null;
  const extMatch = EXT_WORDS.exec(trimmed);
  const main = extMatch ? trimmed.slice(0, extMatch.index) : trimmed;
  const direct = parsePhoneNumberFromString(main, region);
  if (direct && direct.isValid()) return toParsed(direct.number, extMatch?.[1] ?? direct.ext ?? null);
  // Russian numbers typed as 7XXXXXXXXXX or 8XXXXXXXXXX without a plus, or with stray text around
  const digits = main.replace(/\D/g, '');
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) {
    const ru = parsePhoneNumberFromString(`+7${digits.slice(1)}`, region);
    if (ru && ru.isValid()) return toParsed(ru.number, extMatch?.[1] ?? null);
  }
  const found = findPhoneNumbersInText(main, region);
  const first = found[0];
  if (first && first.number.isValid()) return toParsed(first.number.number, extMatch?.[1] ?? first.number.ext ?? null);
  return null;
}

/** Every number in a phone field value, after splitting stuffed values. */
export function analyzePhoneValue(value: string | null | undefined, region: CountryCode = DEFAULT_REGION): PhoneValueAnalysis {
  const numbers: ParsedPhone[] = [];
  const invalidParts: string[] = [];
  if (!value || value.trim() === '') return { numbers, invalidParts, stuffed: false };
  for (const part of splitStuffedValue(value)) {
    const parsed = parsePhonePart(part, region);
    if (parsed) {
      numbers.push(parsed);
      continue;
    }
    // a part may still hold several numbers separated only by spaces: "89123456789 89221112233"
    const many = findPhoneNumbersInText(part, region).filter((m) => m.number.isValid());
    if (many.length > 0) for (const m of many) numbers.push(toParsed(m.number.number, m.number.ext ?? null));
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
