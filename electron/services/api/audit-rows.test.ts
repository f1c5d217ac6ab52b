// runtime: node
import { describe, expect, it } from 'vitest';
import { wordAuditDetail, wordAuditName } from '../../../shared/messages/audit-rows';

describe('audit drill-down rows worded per language', () => {
  it('says what the codes mean in Russian', () => {
    expect(wordAuditDetail({ key: 'attached', params: { entityType: 'lead', entityId: 21008118, at: 1_763_164_800 } }, 'ru')).toBe('сделка 21008118 · 15.11.2025');
    expect(wordAuditDetail({ key: 'attached', params: { entityType: 'leads', entityId: 5, at: null } }, 'en')).toBe('deal 5');
    expect(wordAuditDetail({ key: 'user', params: { email: 'a@b.ru', admin: true, active: false, rights: 'A/G/D' } }, 'ru')).toBe(
      'a@b.ru · администратор · неактивен · удаление: сделки — все, контакты — группы, компании — нет',
    );
    expect(wordAuditDetail({ key: 'field', params: { entityType: 'leads', fieldType: 'checkbox' } }, 'ru')).toBe('Сделки · флажок');
    expect(wordAuditDetail({ key: 'stages', params: { count: 3 } }, 'ru')).toBe('3 рабочих этапа');
    expect(wordAuditDetail({ key: 'stages', params: { count: 1 } }, 'en')).toBe('1 working stage');
    expect(wordAuditDetail({ key: 'lead', params: { pipeline: 'Продажи', status: 'Новая', price: 15000.5, created: null } }, 'ru')).toBe('Продажи / Новая · 15\u00a0000,5');
    expect(wordAuditName('notes', 'call_in', 'ru')).toBe('входящий звонок');
    expect(wordAuditName('events', 'incoming_chat_message', 'ru')).toBe('входящее сообщение чата');
    expect(wordAuditName('contacts', 'call_in', 'ru')).toBe('call_in');
  });
});
