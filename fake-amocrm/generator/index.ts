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
import { liveView, wildify } from './wild';

export type { GenerateOptions, Targets } from './generate';
export { REFERENCE, targetsFor } from './generate';
export { countTruth } from './truth-count';
export { toJsonl, writeFixtureDir } from './jsonl';

export function generateAccount(opts: GenerateOptions): { fixtures: FixtureSet; truth: Truth } {
  const { fixtures, duplicates } = buildAccount({ ...opts, profile: 'reference' });
  if (opts.profile === 'wild') {
    wildify(fixtures, { seed: opts.seed, asOf: opts.asOf, t0: typeof fixtures.account.created_at === 'number' ? fixtures.account.created_at : 0 });
    // the truth of what a snapshot can see: trashed entities are not listed
    const live = liveView(fixtures);
    const alive = (ids: number[][], list: { id?: unknown }[]) => {
      const ok = new Set(list.map((o) => o.id));
      return ids.map((g) => g.filter((id) => ok.has(id))).filter((g) => g.length >= 2);
    };
    return {
      fixtures,
      truth: { ...countTruth(live, opts.asOf), duplicates: { contacts: alive(duplicates.contacts, live.collections.contacts), companies: alive(duplicates.companies, live.collections.companies) } },
    };
  }
  const counted = countTruth(fixtures, opts.asOf);
  return { fixtures, truth: { ...counted, duplicates } };
}

/** The truth of an account as it is now (e.g. a fake server's dumped state): trashed entities are left out. */
export function truthOfLiveAccount(fixtures: FixtureSet, asOf: Date): Omit<Truth, 'duplicates'> {
  return countTruth(liveView(fixtures), asOf);
}
