// runtime: node
/**
 * Every message key a service gives a person (`{ key: '…', params }` beside an English text)
 * has its Russian and English wording in renderer/src/i18n/locales/<lang>/engine.json, and the
 * wording uses only parameters the services pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

const lookup = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), tree);

describe('engine message keys', () => {
  const uses = new Map<string, { file: string; params: Set<string> }>();
  for (const file of [...sourceFiles(path.join(ROOT, 'electron/services')), ...sourceFiles(path.join(ROOT, 'electron/cli'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\{\s*key:\s*'([a-zA-Z]+\.[\w.]+|cancelled)'(?:,\s*params:\s*\{([^}]*)\})?/g)) {
      const params = new Set((m[2] ?? '').split(',').map((p) => p.trim().split(':')[0]!.trim()).filter(Boolean));
      const prev = uses.get(m[1]!);
      if (prev) for (const p of params) prev.params.add(p);
      else uses.set(m[1]!, { file: path.relative(ROOT, file), params });
    }
  }

  it('finds the keys (the scan works)', () => {
    expect(uses.size).toBeGreaterThan(30);
    expect(uses.has('amo.networkNotFound')).toBe(true);
  });

  for (const lang of ['ru', 'en']) {
    it(`every key has ${lang} text that uses only the parameters given`, () => {
      const tree = JSON.parse(fs.readFileSync(path.join(ROOT, `renderer/src/i18n/locales/${lang}/engine.json`), 'utf8')) as unknown;
      for (const [key, use] of uses) {
        const text = lookup(tree, key);
        expect(typeof text, `${lang}/engine.json ${key} (used in ${use.file})`).toBe('string');
        for (const v of String(text).matchAll(/\{\{\s*(\w+)/g)) expect(use.params.has(v[1]!), `${key} uses {{${v[1]}}}, not passed in ${use.file}`).toBe(true);
      }
    });
  }
});
