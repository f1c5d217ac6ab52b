// runtime: node
import { type Rng } from './prng';

/** Mobile codes whose whole 7-digit subscriber range libphonenumber (max metadata) accepts as valid. 930 is left out on purpose. */
/**
 * Mobile codes whose whole 7-digit subscriber range libphonenumber (max metadata) accepts as valid
 * (930 is left out on purpose), Moscow operators' codes repeated so they come up more often. Uniqueness
 * comes from the subscriber part alone, so a code may appear several times.
 */
const MOBILE_CODES = [
  903, 903, 905, 905, 906, 909, 910, 915, 915, 916, 916, 916, 917, 925, 925, 926, 926, 926, 977, 977, 985, 985, 999, 999, 968,
  911, 912, 913, 914, 918, 919, 920, 921, 922, 927, 928, 929, 950, 951, 952, 953, 960, 961, 962, 963, 964, 965, 978, 980, 987, 988,
] as const;
/** city codes: Moscow and the region first */
const LANDLINE_CODES = [495, 495, 495, 495, 495, 495, 499, 499, 499, 496, 496, 498, 498, 812, 812, 843, 831, 473, 343, 383, 846, 863, 861, 391, 342, 351, 347] as const;

const M1 = 7_368_787;
const B1 = 1_234_567;
const M2 = 3_041_189;
const B2 = 5_550_123;

/** reverses the digits of a 7-digit number (a bijection on 0..9 999 999) */
function reverse7(n: number): number {
  let x = n;
  let r = 0;
  for (let i = 0; i < 7; i++) {
    r = r * 10 + (x % 10);
    x = Math.floor(x / 10);
  }
  return r;
}

/** a bijection on 0..9 999 999 that looks random: affine, digit reversal, affine (multipliers coprime with 10) */
function scramble7(k: number): number {
  const a = (k * M1 + B1) % 10_000_000;
  return (reverse7(a) * M2 + B2) % 10_000_000;
}

function hash32(k: number): number {
  let h = Math.imul(k ^ 0x5bd1e995, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Hands out phone numbers that are unique by construction. The k-th mobile gets the
 * subscriber number scramble7(k) (a bijection, so no two mobiles share even their last
 * seven digits) under a pseudo-random 9xx code; landlines likewise under 3-digit city
 * codes with subscribers 2000000..9999999. Mobile and landline codes differ in the first
 * digit, so no two allocations can ever produce the same number.
 */
export class PhoneAllocator {
  private mobile = 0;
  private landline = 0;

  /** national significant number, 10 digits, e.g. 9123456789 */
  nextMobile(): string {
    const k = this.mobile++;
    if (k >= 5_000_000) throw new Error('mobile number space exhausted');
    const code = MOBILE_CODES[hash32(k) % MOBILE_CODES.length] as number;
    return `${code}${String(scramble7(k)).padStart(7, '0')}`;
  }

  nextLandline(): string {
    // skip subscribers starting with 0 or 1: city numbers start with 2..9
    for (;;) {
      const k = this.landline++;
      // inputs from 5 000 000 up: disjoint from the mobiles' inputs, so no landline shares a mobile's last seven digits
      const sub = scramble7(5_000_000 + k);
      if (sub < 2_000_000) continue;
      const code = LANDLINE_CODES[hash32(k + 77_777) % LANDLINE_CODES.length] as number;
      return `${code}${sub}`;
    }
  }
}

export type PhoneStyle = 'plus7spaced' | 'eight' | 'eightBrackets' | 'plus7compact' | 'dashes' | 'seven' | 'ten' | 'plus7dashes' | 'eightSpaces';

const STYLES: readonly (readonly [PhoneStyle, number])[] = [
  ['plus7spaced', 30], ['eight', 22], ['eightBrackets', 12], ['plus7compact', 10], ['dashes', 6], ['seven', 6], ['ten', 4],
  ['plus7dashes', 5], ['eightSpaces', 5],
];

/** Formats a 10-digit national number the way a person would type it. */
export function formatAs(nsn: string, style: PhoneStyle): string {
  // area code of 3 or 4 digits (landlines like 4822); mobiles always 3
  const c = nsn.slice(0, 3);
  const rest = nsn.slice(3);
  const r = `${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`;
  const rs = r.replace(/-/g, ' ');
  switch (style) {
    case 'plus7spaced':
      return `+7 ${c} ${r}`;
    case 'eight':
      return `8${nsn}`;
    case 'eightBrackets':
      return `8 (${c}) ${r}`;
    case 'plus7compact':
      return `+7${nsn}`;
    case 'dashes':
      return `8-${c}-${r}`;
    case 'seven':
      return `7${nsn}`;
    case 'ten':
      return nsn;
    case 'plus7dashes':
      return `+7(${c})${rest}`;
    case 'eightSpaces':
      return `8 ${c} ${rs}`;
  }
}

export function randomStyle(rng: Rng): PhoneStyle {
  return rng.weighted(STYLES);
}

export function formatRandom(rng: Rng, nsn: string): string {
  return formatAs(nsn, randomStyle(rng));
}

/** A different style than the one given (for duplicates: 8-prefix vs +7 and so on). */
export function otherStyle(rng: Rng, style: PhoneStyle): PhoneStyle {
  for (;;) {
    const s = randomStyle(rng);
    if (s !== style) return s;
  }
}

export const STUFF_SEPARATORS: readonly (readonly [string, number])[] = [
  [', ', 40], [',', 10], ['; ', 20], [' / ', 10], ['/', 5], [' или ', 8], [' и ', 4], ['\n', 3],
];

/** values a person types into a phone field that hold no valid number */
export const INVALID_PHONES: readonly string[] = [
  '12345', 'нет', 'не звонить', '123-45', '12-34-56', '0', '89', 'тел', '+7 912 345', '8912345678', '-', 'уточнить', '000',
  '8 (9', 'звонить в вотсап', 'номер не дал', '22-33-4',
];

export const INVALID_EMAILS: readonly string[] = [
  'ivanov@mail', 'нет', 'sasha.mail.ru', 'почта@почта', 'info@', '@mail.ru', 'net', 'уточнить', 'test@test', 'ivanov@yandex',
];
