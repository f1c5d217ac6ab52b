// runtime: common (no node, no DOM, no electron)
import { splitStuffedValue } from './split';

export interface EmailValueAnalysis {
  /** valid addresses, trimmed and lower-cased, repeats kept */
  addresses: string[];
  invalidParts: string[];
  stuffed: boolean;
}

/** A pragmatic validity test: local@domain with a dot in the domain, no spaces. */
const EMAIL = /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:.]{2,}$/u;
const EMAIL_IN_TEXT = /[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:.]{2,}/gu;

export function normalizeEmail(raw: string): string | null {
  const value = raw.trim().replace(/^mailto:/i, '').toLowerCase();
  return EMAIL.test(value) ? value : null;
}

export function analyzeEmailValue(value: string | null | undefined): EmailValueAnalysis {
  const addresses: string[] = [];
  const invalidParts: string[] = [];
  if (!value || value.trim() === '') return { addresses, invalidParts, stuffed: false };
  for (const part of splitStuffedValue(value)) {
    const direct = normalizeEmail(part);
    if (direct) {
      addresses.push(direct);
      continue;
    }
    const found = part.match(EMAIL_IN_TEXT);
    if (found && found.length > 0) for (const f of found) addresses.push(f.toLowerCase());
    else invalidParts.push(part);
  }
  return { addresses, invalidParts, stuffed: addresses.length >= 2 };
}
