// runtime: browser
import { describe, expect, it } from 'vitest';
import type { FindingSummary } from '../../../../shared/audit/types';
import { findingsOf, trendOf } from './model';

const f = (id: string, count: number, severity: FindingSummary['severity'] = 'warning', section: FindingSummary['section'] = 'general'): FindingSummary => ({
  id,
  count,
  severity,
  section,
  title: { ru: id, en: id },
  description: { ru: '', en: '' },
  recommendation: { ru: '', en: '' },
  sampleIds: [],
  flaggedCount: count,
});

describe('audit screen model', () => {
  it('trend against the previous snapshot: fewer problems is better; sizes are neutral', () => {
    const prev = { file: 'a', finishedAt: 1, asOf: null, counts: { 'noname.contacts': 10, 'account.contacts': 5 } };
    expect(trendOf(f('noname.contacts', 7), prev)).toEqual({ previous: 10, delta: -3, better: true });
    expect(trendOf(f('noname.contacts', 12), prev)).toEqual({ previous: 10, delta: 2, better: false });
    expect(trendOf(f('account.contacts', 9), prev)).toEqual({ previous: 5, delta: 4, better: null });
    expect(trendOf(f('users.admins', 1), prev)).toBeNull();
    expect(trendOf(f('users.admins', 1), null)).toBeNull();
  });

  it('orders a section: non-zero first, then severity, then count', () => {
    const list = [f('a', 0, 'critical'), f('b', 5, 'info'), f('c', 3, 'critical'), f('d', 9, 'critical'), f('e', 1, 'warning', 'users')];
    expect(findingsOf(list, 'general').map((x) => x.id)).toEqual(['d', 'c', 'b', 'a']);
  });
});
