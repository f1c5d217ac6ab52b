// runtime: node
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { analyzePhoneValue, DEFAULT_REGION } from '../../../shared/normalize/phone';

const cache = new Map<string, readonly string[]>();
const CACHE_LIMIT = 200_000;

/**
 * Matching identities (E.164, with ";ext=N" when an extension is present) of every number in a
 * phone value. The common plain Russian forms (+7/7/8 + 10 digits, or 10 digits starting with 9)
 * take a fast path; everything else goes through libphonenumber-js (shared/normalize/phone.ts).
 */
export function phoneKeys(value: string): readonly string[] {
  const hit = cache.get(value);
  if (hit) return hit;
  const out = fastRussian(value) ?? slow(value);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(value, out);
  return out;
}

const PLAIN = /^[\s+()\-.\d]+$/;

/** Mobile numbers +7 9XX: every such number is valid for libphonenumber (checked in phones.test.ts). */
function fastRussian(value: string): readonly string[] | null {
  if (!PLAIN.test(value)) return null;
  const digits = value.replace(/\D/g, '');
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8') && digits[1] === '9') {
    if (digits[0] === '8' && value.trim().startsWith('+')) return null;
    return [`+7${digits.slice(1)}`];
  }
  if (digits.length === 10 && digits[0] === '9' && !value.trim().startsWith('+')) return [`+7${digits}`];
  return null;
}

/** Every number of the value; numbers separated only by spaces ("89123456789 89221112233") are found too. */
function slow(value: string): readonly string[] {
  const keys = new Set(analyzePhoneValue(value).numbers.map((n) => n.key));
  const digits = value.replace(/\D/g, '').length;
  if (digits >= 20) {
    for (const m of findPhoneNumbersInText(value, DEFAULT_REGION)) if (m.number.isValid()) keys.add(m.number.ext ? `${m.number.number};ext=${m.number.ext}` : m.number.number);
  }
  return [...keys];
}

export type PhoneKind = 'mobile' | 'fixed' | 'other';
const kindCache = new Map<string, PhoneKind>();

/**
 * The kind of a matching key (E.164, maybe ";ext=N"): a personal mobile, a fixed line (a home or
 * office number several people answer), or other (toll-free, VoIP, unknown). Russian numbers by
 * their range (+79… mobile), others by libphonenumber's number type. A number with an extension
 * is an office line.
 */
export function phoneKind(key: string): PhoneKind {
  if (key.includes(';ext=')) return 'fixed';
  if (key.startsWith('+7')) return key[2] === '9' ? 'mobile' : key[2] === '8' && key[3] === '0' ? 'other' : 'fixed';
  const hit = kindCache.get(key);
  if (hit) return hit;
  const type = parsePhoneNumberFromString(key)?.getType();
  const kind: PhoneKind = type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' ? 'fixed' : 'other';
  if (kindCache.size >= CACHE_LIMIT) kindCache.clear();
  kindCache.set(key, kind);
  return kind;
}
