// runtime: node
/**
 * Takes secrets and personal data out of text that leaves the app (the log, "Copy
 * diagnostics"). Tokens: Bearer headers, JWT-shaped and long random strings, token-like
 * key=value / "key":"value" pairs, OAuth codes in URLs. Personal data: e-mails, phone-like
 * digit runs, any Cyrillic text (AmoSweep's log messages are English, so Cyrillic is data),
 * and, when given, the words of the open snapshot's names (contacts, companies, users...).
 */

export interface RedactOptions {
  /** exact strings to remove (e.g. the user's home folder, an account name) */
  literals?: Iterable<string>;
  /** lower-cased words that are personal data wherever they appear (names from the snapshot) */
  words?: ReadonlySet<string>;
}

const SECRET_KEYS = 'access_token|refresh_token|client_secret|clientSecret|secret|password|passwd|token|api_key|apikey|authorization|x-refresh-token|cookie|set-cookie';

const PATTERNS: [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [token]'],
  [new RegExp(`((?:"|')?(?:${SECRET_KEYS})(?:"|')?\\s*[:=]\\s*(?:"|')?)[^"'\\s&,;}]+`, 'gi'), '$1[redacted]'],
  [/([?&#](?:code|state)=)[^&\s"']+/gi, '$1[redacted]'],
  [/("code"\s*:\s*")[^"]{16,}"/g, '$1[redacted]"'],
  [/\b[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, '[token]'],
  [/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}\b/g, '[secret]'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  [
    /(?<![\w.])\+?\d[\d\s().-]{5,}\d(?!\w)/g,
    (match) => {
      const digits = match.replace(/\D/g, '').length;
      if (digits < 7 || /^\d{4}-\d{2}-\d{2}$/.test(match.trim())) return match;
      return '[phone]';
    },
  ],
  [/\p{Script=Cyrillic}+(?:[\s'’.-]+\p{Script=Cyrillic}+)*/gu, '[text]'],
];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line's `[time] [level]` prefix of electron-log stays as it is. */
const PREFIX = /^(\[[^\]]{0,40}\]\s*(?:\[[a-z]{3,7}\]\s*)?(?:\([^)]{0,20}\)\s*)?)/;

export function redactText(text: string, options: RedactOptions = {}): string {
  const prefix = PREFIX.exec(text)?.[1] ?? '';
  let rest = text.slice(prefix.length);
  const literals = [...(options.literals ?? [])].filter((l) => l.trim().length >= 3).sort((a, b) => b.length - a.length);
  for (const literal of literals) rest = rest.replace(new RegExp(escapeRegExp(literal), 'gi'), '[personal]');
  for (const [pattern, replacement] of PATTERNS) {
    rest = typeof replacement === 'string' ? rest.replace(pattern, replacement) : rest.replace(pattern, replacement);
  }
  const words = options.words;
  if (words && words.size > 0) {
    rest = rest.replace(/\p{L}[\p{L}'’-]{2,}/gu, (word) => (words.has(word.toLowerCase()) ? '[name]' : word));
  }
  return prefix + rest;
}
