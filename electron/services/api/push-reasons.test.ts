// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUSH_REASONS, reasonRef, wordReason, wordSource } from '../../../shared/messages/push-reasons';

const ROOT = path.resolve(__dirname, '../../..');

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !p.includes('testing') ? [p] : [];
  });
}

describe('push reasons by code', () => {
  it('words the survivor sentence in Russian', () => {
    expect(wordReason('the survivor already holds every value', 'ru')).toBe('в основной карточке уже есть все значения');
    expect(wordReason('the survivor already holds every value', 'en')).toBe('the survivor already holds every value');
    expect(wordReason('not found in amoCRM (deleted?): contacts 1, 2', 'ru')).toBe('нет в amoCRM (удалены?): контакты 1, 2');
    expect(reasonRef('kept: contacts 1003 holds a value in it')).toEqual({ code: 'conflict.field_in_use', params: { entity: 'contacts', id: '1003' } });
    expect(wordReason('something new', 'ru')).toBe('something new');
  });

  it('words where an operation came from', () => {
    expect(wordSource('intent:1:leads.lost_without_reason+notes', 'ru')).toBe('исправление из аудита № 1 (по примечаниям сделки)');
    expect(wordSource('merge:contacts:101', 'ru')).toBe('объединение дублей, основная карточка 101');
    expect(wordSource('revert:tasks.create', 'ru')).toBe('откат');
    expect(wordSource('tag:VIP', 'ru')).toBe('тег «VIP»');
    expect(wordSource('something:else', 'ru')).toBe('something:else');
  });

  it('has unique codes, and English text that the pattern matches again', () => {
    expect(new Set(PUSH_REASONS.map((r) => r.code)).size).toBe(PUSH_REASONS.length);
    for (const r of PUSH_REASONS) expect(r.ru).not.toMatch(/\b(the|is|already|not)\b/);
  });

  it('every literal reason the push engine records has a code', () => {
    const missing: string[] = [];
    for (const file of files(path.join(ROOT, 'electron/services/push'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:noop|conflict|reason):\s*'((?:[^'\\]|\\.)+)'/g)) {
        const sentence = m[1]!.replace(/\\'/g, "'");
        if (!reasonRef(sentence)) missing.push(`${path.relative(ROOT, file)}: ${sentence}`);
      }
      for (const m of text.matchAll(/\breturn '((?:[^'\\]|\\.)+)';/g)) {
        const sentence = m[1]!.replace(/\\'/g, "'");
        if (/^the deal /.test(sentence) && !reasonRef(sentence)) missing.push(`${path.relative(ROOT, file)}: ${sentence}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
