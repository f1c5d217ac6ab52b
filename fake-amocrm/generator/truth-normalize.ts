// runtime: node
/**
 * The truth counter's own reading of phone and e-mail values, written apart from the product's
 * normalizers (shared/normalize) so that the truth checks the audit instead of mirroring it.
 * Plain digit rules for Russian numbers, no phone library:
 *
 * - a value holds one or more parts, separated by , ; / | a line break or the words "или" / "и";
 * - a part may end in an extension ("доб. 123", "ext 12"): it joins the number's identity;
 * - the digits of a part are one number: "+7" or "7"/"8" and 10 national digits, or the 10 national
 *   digits alone; the national number starts with 9 (mobile), 3 or 4 (geographic) or 8 followed by
 *   1..7 (geographic 81x..87x). Anything else holds no number.
 *
 * An e-mail part is valid when it reads local@domain.tld (no spaces, a dot in the domain, a top-level
 * domain of two letters or more); its identity is the address in lower case.
 */

/** One number: its identity, "+7XXXXXXXXXX" or "+7XXXXXXXXXX;ext=N". */
export interface TruthPhone {
  key: string;
}

export interface TruthPhoneValue {
  numbers: TruthPhone[];
  /** two or more numbers in the value (the same number twice counts) */
  stuffed: boolean;
}

export interface TruthEmailValue {
  addresses: string[];
  stuffed: boolean;
}

const PART_BREAKS = /\s+(?:или|и)\s+|[,;/|\r\n]+/giu;

function parts(value: string): string[] {
  const out: string[] = [];
  for (const p of value.split(PART_BREAKS)) {
    const t = p.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/** The national number of a run of digits, or null when it is not one Russian number. */
function nationalNumber(digits: string, plus: boolean): string | null {
  let nsn: string;
  if (plus) {
    if (digits.length !== 11 || digits[0] !== '7') return null;
    nsn = digits.slice(1);
  } else if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) {
    nsn = digits.slice(1);
  } else if (digits.length === 10) {
    nsn = digits;
  } else {
    return null;
  }
  const first = nsn[0];
  if (first === '9' || first === '3' || first === '4') return nsn;
  if (first === '8' && nsn[1] !== undefined && nsn[1] >= '1' && nsn[1] <= '7') return nsn;
  return null;
}

const EXTENSION = /(?:доб|ext)\.?\s*(\d{1,6})\s*$/iu;

function phoneOfPart(part: string): TruthPhone | null {
  let main = part;
  let ext: string | null = null;
  const m = EXTENSION.exec(part);
  if (m) {
    main = part.slice(0, m.index);
    ext = m[1] ?? null;
  }
  const nsn = nationalNumber(main.replace(/[^0-9]/g, ''), main.trim().startsWith('+'));
  if (nsn === null) return null;
  return { key: ext === null ? `+7${nsn}` : `+7${nsn};ext=${ext}` };
}

/** The numbers of a phone field value. */
export function readPhoneValue(value: string): TruthPhoneValue {
  const numbers: TruthPhone[] = [];
  for (const p of parts(value)) {
    const n = phoneOfPart(p);
    if (n) numbers.push(n);
  }
  return { numbers, stuffed: numbers.length >= 2 };
}

/** Runs of digits that may be a number written in text: an optional "+", digits, spaces, brackets, dashes. */
const DIGIT_RUN = /\+?\d[\d\s()-]{5,}\d/gu;

/** True when a free-text value holds a phone number somewhere. */
export function textHasPhone(text: string): boolean {
  for (const m of text.matchAll(DIGIT_RUN)) {
    const run = m[0];
    if (nationalNumber(run.replace(/[^0-9]/g, ''), run.startsWith('+')) !== null) return true;
  }
  return false;
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[a-zа-яё]{2,}$/iu;

/** The addresses of an e-mail field value. */
export function readEmailValue(value: string): TruthEmailValue {
  const addresses: string[] = [];
  for (const p of parts(value)) {
    const a = p.toLowerCase();
    if (ADDRESS.test(a) && !a.includes('@.')) addresses.push(a);
  }
  return { addresses, stuffed: addresses.length >= 2 };
}
