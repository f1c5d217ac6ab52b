// runtime: node
/**
 * Deterministic demo account generator (issue 3, generator half).
 * generateAccount({profile: 'reference', scale, seed, asOf}) → {fixtures, truth}; the truth's
 * counts and analytics are recounted from the generated objects by truth-count.ts.
 */
import { type FixtureSet } from '../fixture-set';
import { type Truth } from '../truth';
import { type GenerateOptions, buildAccount } from './generate';
import { countTruth } from './truth-count';

export type { GenerateOptions, Targets } from './generate';
export { REFERENCE, targetsFor } from './generate';
export { countTruth } from './truth-count';
export { toJsonl, writeFixtureDir } from './jsonl';

export function generateAccount(opts: GenerateOptions): { fixtures: FixtureSet; truth: Truth } {
  const { fixtures, duplicates } = buildAccount(opts);
  const counted = countTruth(fixtures, opts.asOf);
  return { fixtures, truth: { ...counted, duplicates } };
}
