// runtime: browser
import { describe, expect, it } from 'vitest';
import { entityLabel, fieldLabel, sideLines } from './values';

const t = (key: string) => ({ 'fields.loss_reason': 'Причина отказа', 'fields.tags': 'Теги', 'entities.contacts': 'Контакт' })[key] ?? `?${key}`;

describe('before → after values', () => {
  it('words the fixed attributes, keeps the account\'s field names, and shows "—" for no value', () => {
    expect(fieldLabel(t, '@loss_reason')).toBe('Причина отказа');
    expect(fieldLabel(t, 'Телефон')).toBe('Телефон');
    const changes = [
      { field: '@loss_reason', before: '', after: 'Дорого' },
      { field: '@tags', before: 'vip', after: 'vip, amosweep:merged→5' },
    ];
    expect(sideLines(t, changes, 'before')).toEqual(['Причина отказа: —', 'Теги: vip']);
    expect(sideLines(t, changes, 'after')).toEqual(['Причина отказа: Дорого', 'Теги: vip, amosweep:merged→5']);
    expect(sideLines(t, undefined, 'after')).toEqual([]);
    expect(entityLabel(t, { entityType: 'contacts', entityId: 12, entityName: 'Иван' })).toBe('Контакт #12 Иван');
    expect(entityLabel(t, { entityType: 'contacts', entityId: 0 })).toBe('Контакт');
  });
});
