// runtime: node
/**
 * The keyed material of one anonymization: a random secret (never written to the copy)
 * and what is derived from it by HMAC-SHA-256: pseudonym digits and letters, and three
 * keyed permutations (name letters, e-mail characters, other digits).
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Letters of phonetic name keys that no rule of phoneticKey looks at: permuting them keeps every key a key. */
export const NAME_SAFE_LETTERS = 'abdefgilmnoruv';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const CYRILLIC = 'абвгдежзийклмнопрстуфхцчшщыэюя';

export class Keys {
  private readonly secret: Buffer;
  /** σ: name-key letters (safe letters permuted, the rest fixed) */
  nameLetters: Map<string, string>;
  /** τ: e-mail letters a–z and digits 0–9, each permuted within its class */
  readonly mailChars: Map<string, string>;
  /** δ: digits that are not part of a phone number */
  readonly digits: Map<string, string>;

  constructor(secret: Buffer = randomBytes(32)) {
    this.secret = secret;
    this.nameLetters = this.permutation('name-letters:0', NAME_SAFE_LETTERS);
    this.mailChars = new Map([...this.permutation('mail-letters', LATIN), ...this.permutation('mail-digits', DIGITS)]);
    this.digits = this.permutation('digits', DIGITS);
  }

  /** Draws σ again (attempt n) when the current one maps a name onto a dictionary word. */
  redrawNameLetters(attempt: number): void {
    this.nameLetters = this.permutation(`name-letters:${attempt}`, NAME_SAFE_LETTERS);
  }

  hmac(label: string, input: string): Buffer {
    return createHmac('sha256', this.secret).update(label).update('\u0000').update(input).digest();
  }

  /** n pseudo-random decimal digits for an input. */
  digitsFor(label: string, input: string, n: number): string {
    let out = '';
    for (let block = 0; out.length < n; block++) {
      for (const byte of this.hmac(`${label}:${block}`, input)) {
        if (byte >= 250) continue; // keep the digits uniform
        out += String(byte % 10);
        if (out.length === n) break;
      }
    }
    return out;
  }

  /** A pseudo word of n letters in the script of the original (Cyrillic or Latin). */
  wordFor(input: string, n: number, cyrillic: boolean): string {
    const alphabet = cyrillic ? CYRILLIC : LATIN;
    let out = '';
    for (let block = 0; out.length < n; block++) {
      for (const byte of this.hmac(`word:${block}`, input)) {
        out += alphabet[byte % alphabet.length]!;
        if (out.length === n) break;
      }
    }
    return out;
  }

  /**
   * A keyed permutation of the characters of an alphabet without fixed points (Sattolo's
   * shuffle on HMAC bytes: one cycle through every character, so no character maps to itself).
   */
  private permutation(label: string, alphabet: string): Map<string, string> {
    const chars = [...alphabet];
    const bytes = this.hmac(`perm:${label}`, alphabet);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = (bytes[i % bytes.length]! * 256 + bytes[(i + 7) % bytes.length]!) % i;
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    return new Map([...alphabet].map((c, i) => [c, chars[i]!]));
  }
}
