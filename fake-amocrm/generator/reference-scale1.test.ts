// runtime: node
/**
 * The full reference account (scale 1). About 8–10 s of CPU; opt in with AMOSWEEP_SCALE1=1
 * (the default suite checks scale 0.01 and 0.1 against the same scaled figures).
 */
import { describe, expect, it } from 'vitest';
import { generateAccount } from './index';
import { referenceMismatches } from './reference-check';

describe.skipIf(process.env.AMOSWEEP_SCALE1 !== '1')('reference account at scale 1', () => {
  it('reproduces every figure of reference-audit.md', () => {
    const { truth } = generateAccount({ profile: 'reference', scale: 1, seed: 42, asOf: new Date('2020-12-31T00:00:00Z') });
    expect(referenceMismatches(truth, 1)).toEqual([]);
    expect(truth.counts['duplicates.phone']).toBe(1762);
    expect(truth.counts['duplicates.email']).toBe(58);
    expect(truth.counts['account.leads']).toBe(148_746);
    const [y19, y20] = truth.analytics.years;
    expect(y19).toMatchObject({ year: 2019, created: 9800, won: 534 });
    expect(y20).toMatchObject({ year: 2020, created: 25_500, won: 800, revenue: 116_000_000 });
  }, 120_000);
});
