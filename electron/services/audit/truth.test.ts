// runtime: node
/**
 * The audit against the fake server's ground truth: generate the reference profile
 * (scale 0.1 here; bench/audit.bench.ts runs scale 1), ingest it as a snapshot would,
 * audit it with asOf = truth.asOf, and compare every figure the truth knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import type { Truth } from '../../../fake-amocrm/truth';
import { ingestFixtureSet } from '../snapshot/ingest';
import { RULES } from './rules/index';
import { runAudit } from './run';
import { createTestSnapshot, type TestSnapshot } from './testing/test-snapshot';
import type { AuditReport } from '../../../shared/audit/types';

const SCALE = 0.1;
let snap: TestSnapshot;
let truth: Truth;
let report: AuditReport;
const mine: Record<string, number> = {};

beforeAll(() => {
  const generated = generateAccount({ profile: 'reference', scale: SCALE, seed: 1, asOf: new Date('2020-12-31T00:00:00Z') });
  truth = generated.truth;
  snap = createTestSnapshot();
  ingestFixtureSet(snap.db, generated.fixtures);
  report = runAudit(snap.db, { asOf: new Date(truth.asOf) }).report;
  for (const f of report.findings) {
    mine[f.id] = f.count;
    if (f.groups !== undefined) mine[`${f.id}.groups`] = f.groups;
  }
});
afterAll(() => snap?.cleanup());

/** Every count id the truth may carry: each rule's id, plus "<id>.groups" for duplicates. */
const IDS = RULES.flatMap((r) => (r.id.startsWith('duplicates.') ? [r.id, `${r.id}.groups`] : [r.id])).filter((id) => id !== 'fields.key_fill');

describe(`audit = truth of the reference profile (scale ${SCALE})`, () => {
  it('the truth knows only ids the audit has', () => {
    expect(Object.keys(truth.counts).filter((id) => !(id in mine))).toEqual([]);
  });

  it.each(IDS)('%s', (id) => {
    if (!(id in truth.counts)) return; // a figure the truth does not know
    expect(mine[id], id).toBe(truth.counts[id]);
  });

  it('analytics per year', () => {
    for (const y of truth.analytics.years) {
      const a = report.analytics.years.find((x) => x.year === y.year);
      expect(a, String(y.year)).toBeDefined();
      expect({ year: a!.year, created: a!.created, won: a!.won, revenue: a!.revenue }).toEqual({
        year: y.year,
        created: y.created,
        won: y.won,
        revenue: y.revenue,
      });
      expect(a!.conversion).toBeCloseTo(y.conversion, 9);
      expect(a!.avgDurationDays).toBeCloseTo(y.avgDurationDays, 6);
      expect(a!.avgCheck).toBeCloseTo(y.avgCheck, 6);
    }
  });

  it('loss-reason shares', () => {
    const shares = new Map(report.analytics.lossReasons.map((r) => [r.name, r.share]));
    expect([...shares.keys()].sort()).toEqual(truth.analytics.lossReasons.map((r) => r.name).sort());
    for (const r of truth.analytics.lossReasons) expect(shares.get(r.name), r.name).toBeCloseTo(r.share, 9);
  });
});
