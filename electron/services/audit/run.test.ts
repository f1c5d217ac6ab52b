// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAudit } from './run';
import { RULES } from './rules/index';
import { addContact, addLead, addStandardFields, createTestSnapshot, setFinishedAt, type TestSnapshot } from './testing/test-snapshot';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
});
afterEach(() => snap.cleanup());

describe('runAudit', () => {
  it('an empty account: every rule answers 0, analytics are empty', () => {
    const { report } = runAudit(snap.db, { asOf: new Date('2020-06-30T00:00:00Z') });
    expect(report.findings.map((f) => f.id)).toEqual(RULES.map((r) => r.id));
    for (const f of report.findings) expect(f.count, f.id).toBe(0);
    expect(report.analytics.years).toEqual([]);
    expect(report.analytics.retention.rate).toBe(0);
    expect(report.asOf).toBe('2020-06-30T00:00:00.000Z');
    expect(report.windowStart).toBe('2019-12-30T00:00:00.000Z');
  });

  it('rule ids are unique and every rule has RU and EN texts', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      for (const text of [r.title, r.description, r.recommendation]) {
        expect(text.ru.length, r.id).toBeGreaterThan(0);
        expect(text.en.length, r.id).toBeGreaterThan(0);
      }
    }
  });

  it('windows end at the snapshot time by default; share and samples', () => {
    setFinishedAt(snap.db, new Date('2021-02-03T04:05:06Z'));
    addStandardFields(snap.db);
    for (let i = 1; i <= 30; i++) addContact(snap.db, { id: i, name: i <= 25 ? '' : 'Имя', phones: ['89123456789'] });
    addLead(snap.db, { id: 1, status: 10 });
    const { report, results } = runAudit(snap.db, { sampleSize: 5 });
    expect(report.asOf).toBe('2021-02-03T04:05:06.000Z');
    const noname = report.findings.find((f) => f.id === 'noname.contacts')!;
    expect(noname).toMatchObject({ count: 25, total: 30, flaggedCount: 25, sampleIds: [1, 2, 3, 4, 5] });
    expect(noname.share).toBeCloseTo(25 / 30);
    expect(report.findings.find((f) => f.id === 'duplicates.phone')).toMatchObject({ count: 30, groups: 1 });
    expect(results.get('duplicates.phone')?.groupList?.[0]).toHaveLength(30);
  });
});
