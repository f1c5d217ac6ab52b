// runtime: browser
import { describe, expect, it } from 'vitest';
import { operationsCsv, resultReason } from './model';

describe('changes model', () => {
  it('writes operations as CSV with quoting and the reason', () => {
    const csv = operationsCsv([
      { id: 1, kind: 'fill.loss_reason', entityType: 'leads', entityId: 5, status: 'conflict', source: 'a,b', params: {}, result: { reason: 'changed in "amoCRM"' } },
    ]);
    expect(csv).toBe('\uFEFFid,kind,entity_type,entity_id,status,source,reason\r\n1,fill.loss_reason,leads,5,conflict,"a,b","changed in ""amoCRM"""\r\n');
  });
  it('writes a person\'s CSV in their language: kinds, statuses, sources and reasons worded', () => {
    const words = {
      lang: 'ru',
      header: ['№', 'Операция', 'Тип', 'ID записи', 'Статус', 'Откуда', 'Причина'] as [string, string, string, string, string, string, string],
      kind: (k: string) => (k === 'merge.mark' ? 'Объединение: пометить дубль' : k),
      entity: (e: string) => (e === 'contacts' ? 'Контакт' : e),
      status: (s: string) => (s === 'skipped' ? 'уже в порядке' : s),
    };
    const csv = operationsCsv(
      [{ id: 2, kind: 'merge.mark', entityType: 'contacts', entityId: 7, status: 'skipped', source: 'merge:contacts:5', params: {}, result: { reason: 'already marked' } }],
      words,
    );
    expect(csv).toBe('\uFEFF№,Операция,Тип,ID записи,Статус,Откуда,Причина\r\n2,Объединение: пометить дубль,Контакт,7,уже в порядке,"объединение дублей, основная карточка 5",дубль уже помечен\r\n');
  });
  it('reads reasons', () => {
    expect(resultReason({ result: { error: 'boom' } })).toBe('boom');
    expect(resultReason({ result: null })).toBe('');
  });
});
