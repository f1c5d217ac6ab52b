// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_WORDS } from './words';

const ROOT = path.resolve(__dirname, '../../..');

describe('the plan export words', () => {
  it('are the Changes screen\'s words (renderer locales), in both languages', () => {
    for (const lang of ['ru', 'en'] as const) {
      const locale = JSON.parse(fs.readFileSync(path.join(ROOT, 'renderer/src/i18n/locales', lang, 'changes.json'), 'utf8')) as Record<string, unknown>;
      for (const key of ['kinds', 'status', 'opStatus', 'entities', 'fields'] as const) expect(EXPORT_WORDS[lang][key], `${lang}.${key}`).toEqual(locale[key]);
    }
  });
});
