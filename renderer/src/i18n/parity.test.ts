// runtime: browser
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/api/result';
import { LANGUAGES, NAMESPACES, resources } from './resources';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Flattens nested JSON into dotted keys with their values. */
function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Plural forms differ by language (ru: one/few/many/other, en: one/other), so compare base keys. */
const baseKeys = (keys: Iterable<string>) => new Set([...keys].map((key) => key.replace(PLURAL_SUFFIX, '')));

describe('i18n resources', () => {
  for (const ns of NAMESPACES) {
    describe(ns, () => {
      const flat = Object.fromEntries(LANGUAGES.map((lng) => [lng, flatten(resources[lng][ns])])) as Record<
        (typeof LANGUAGES)[number],
        Map<string, unknown>
      >;

      it('has the same keys in every language', () => {
        const [first, ...rest] = LANGUAGES;
        const reference = [...baseKeys(flat[first].keys())].sort();
        for (const lng of rest) expect([...baseKeys(flat[lng].keys())].sort(), `${lng}/${ns}.json vs ${first}`).toEqual(reference);
      });

      it('has no empty or non-string values', () => {
        for (const lng of LANGUAGES) {
          for (const [key, value] of flat[lng]) {
            expect(typeof value, `${lng}/${ns}.json ${key}`).toBe('string');
            expect((value as string).trim(), `${lng}/${ns}.json ${key}`).not.toBe('');
          }
        }
      });

      it('has every plural form each language needs', () => {
        for (const lng of LANGUAGES) {
          const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
          const plurals = [...flat[lng].keys()].filter((key) => PLURAL_SUFFIX.test(key));
          for (const base of baseKeys(plurals)) {
            for (const category of needed) {
              expect(flat[lng].has(`${base}_${category}`), `${lng}/${ns}.json ${base}_${category}`).toBe(true);
            }
          }
        }
      });

      it('uses the same interpolation variables in every language', () => {
        const vars = (text: unknown) => [...String(text).matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();
        const [first, ...rest] = LANGUAGES;
        for (const key of flat[first].keys()) {
          const base = key.replace(PLURAL_SUFFIX, '');
          for (const lng of rest) {
            const other = flat[lng].get(key) ?? flat[lng].get(`${base}_other`);
            if (other !== undefined) expect(new Set(vars(other)), `${lng}/${ns}.json ${key}`).toEqual(new Set(vars(flat[first].get(key))));
          }
        }
      });
    });
  }

  it('explains every API error code in every language', () => {
    for (const lng of LANGUAGES) {
      const errors = (resources[lng].common as { errors?: Record<string, string> }).errors ?? {};
      for (const code of ERROR_CODES) expect(errors[code], `${lng}: common.errors.${code}`).toBeTruthy();
    }
  });
});
