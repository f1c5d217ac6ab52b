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
  it('reads reasons', () => {
    expect(resultReason({ result: { error: 'boom' } })).toBe('boom');
    expect(resultReason({ result: null })).toBe('');
  });
});
