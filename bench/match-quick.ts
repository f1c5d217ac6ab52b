// runtime: node
/**
 * Quick quality check of the default preset while changing the matcher: the second generator (seed 1
 * and the held-out seed) and the demo account, P/R per entity. MATCH_QUICK_LEARN=0 turns learning off.
 * Usage: node bin/run-ts.mjs bench/match-quick.ts [ru|demo]...
 */
import { generateAccount } from '../fake-amocrm/generator/index';
import { generateRuCrm, HELD_OUT_SEED, truthGroups } from './ru-crm-gen/index';
import { runMatch } from '../electron/services/match/engine';
import { presetRules } from '../electron/services/match/rules';
import type { AmoEntity } from '../electron/services/match/types';

function pairScore(groups: readonly (readonly (number | string)[])[], truth: readonly (readonly (number | string)[])[]) {
  const t = new Map<string, number>();
  truth.forEach((g, k) => g.forEach((id) => t.set(String(id), k)));
  let tp = 0;
  let predicted = 0;
  for (const g of groups) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) {
    predicted++;
    const x = t.get(String(g[a]));
    if (x !== undefined && x === t.get(String(g[b]))) tp++;
  }
  const truePairs = truth.reduce((s, g) => s + (g.length * (g.length - 1)) / 2, 0);
  return `P ${(predicted ? tp / predicted : 1).toFixed(4)} R ${(truePairs ? tp / truePairs : 1).toFixed(4)}`;
}

const which = process.argv.slice(2);
const learn = process.env.MATCH_QUICK_LEARN !== '0';
const rules = (e: 'contacts' | 'companies') => ({ ...presetRules('balanced', e), learn });
if (which.length === 0 || which.includes('ru')) {
  for (const seed of [1, HELD_OUT_SEED]) {
    const set = generateRuCrm(seed);
    for (const e of ['contacts', 'companies'] as const) {
      const r = runMatch(set[e], { rules: rules(e) });
      const src = r.model.sources.map((s, k) => `${r.model.comparators[k]!.id}:${s[0]}`).join(' ');
      console.log(`ru seed ${seed} ${e}: ${pairScore(r.groups.map((g) => g.ids), truthGroups(set.truth[e]))} ${r.stats.seconds}s em-it ${r.stats.emIterations} [${src}]`);
    }
  }
}
if (which.length === 0 || which.includes('demo')) {
  const { fixtures, truth } = generateAccount({ profile: 'reference', scale: 1, seed: 1, asOf: new Date('2026-11-01T00:00:00Z') });
  for (const e of ['contacts', 'companies'] as const) {
    const r = runMatch(fixtures.collections[e] as unknown as AmoEntity[], { rules: rules(e) });
    console.log(`demo ${e}: ${pairScore(r.groups.map((g) => g.ids), truth.duplicates[e])} ${r.stats.seconds}s`);
  }
}
