// runtime: node
/**
 * Lists the misses (true pairs left apart) and the wrong links of the default preset on the second
 * generator, one development seed only (never the held-out seed): what the matcher said about each pair.
 * Usage: node bin/run-ts.mjs bench/match-misses.ts [contacts|companies] [seed] [misses|wrong] [limit]
 */
import { generateRuCrm, HELD_OUT_SEED } from './ru-crm-gen/index';
import { generateAccount } from '../fake-amocrm/generator/index';
import { runMatch } from '../electron/services/match/engine';
import { presetRules } from '../electron/services/match/rules';
import { fieldValues } from '../electron/services/match/prepare';
import type { AmoEntity } from '../electron/services/match/types';

const [entity = 'contacts', seedArg = '1', mode = 'misses', limitArg = '40'] = process.argv.slice(2) as ['contacts' | 'companies', string, string, string];
let entities: AmoEntity[];
let truth: Map<number | string, number>;
if (seedArg === 'demo') {
  const { fixtures, truth: t } = generateAccount({ profile: 'reference', scale: 1, seed: 1, asOf: new Date('2026-11-01T00:00:00Z') });
  entities = fixtures.collections[entity] as unknown as AmoEntity[];
  truth = new Map();
  t.duplicates[entity].forEach((g, k) => g.forEach((id) => truth.set(id, k)));
} else {
  const seed = Number(seedArg);
  if (seed === HELD_OUT_SEED) throw new Error('The held-out seed is not for looking at misses.');
  const set = generateRuCrm(seed);
  entities = set[entity];
  truth = set.truth[entity];
}
const r = runMatch(entities, { rules: presetRules('balanced', entity) });
const index = new Map(entities.map((e, k) => [e.id, k]));
const groupOf = new Map<number | string, number>();
r.groups.forEach((g, k) => g.ids.forEach((id) => groupOf.set(id, k)));
const show = (e: AmoEntity) =>
  `${JSON.stringify(e.name)} ph=${fieldValues(e, 'PHONE').join('|')} em=${fieldValues(e, 'EMAIL').join('|')} city=${fieldValues(e, 'Город').join('|')} pos=${fieldValues(e, 'POSITION').join('|')} ${fieldValues(e, 'ADDRESS').join('|')} ${fieldValues(e, 'WEB').join('|')} ${fieldValues(e, 'ИНН').join('|')}`;
const out: string[] = [];
const reasons = new Map<string, number>();
const pairs: [number, number][] = [];
if (mode === 'misses') {
  const by = new Map<number, (number | string)[]>();
  for (const [id, key] of truth) {
    if (!index.has(id)) continue;
    let g = by.get(key);
    if (!g) by.set(key, (g = []));
    g.push(id);
  }
  for (const g of by.values()) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) {
    const ga = groupOf.get(g[a]!);
    if (ga !== undefined && ga === groupOf.get(g[b]!)) continue;
    pairs.push([index.get(g[a]!)!, index.get(g[b]!)!]);
  }
} else {
  for (const g of r.groups) for (let a = 0; a < g.ids.length; a++) for (let b = a + 1; b < g.ids.length; b++) {
    const x = truth.get(g.ids[a]!);
    if (x !== undefined && x === truth.get(g.ids[b]!)) continue;
    pairs.push([index.get(g.ids[a]!)!, index.get(g.ids[b]!)!]);
  }
}
for (const [i, j] of pairs) {
  const ex = r.model.explain(i, j);
  const key = ex.verdict.code + (ex.verdict.code === 'vetoed' ? `:${ex.verdict.by}` : '');
  reasons.set(key, (reasons.get(key) ?? 0) + 1);
  if (out.length < Number(limitArg) * 4) {
    out.push(`A ${show(entities[i]!)}`, `B ${show(entities[j]!)}`, `  ${ex.reason} ${ex.comparisons.filter((c) => c.code !== 'missing').map((c) => `${c.id}=${c.code}${c.sharedBy ? `/${c.sharedBy}` : ''}:${c.weight}`).join(' ')}`, '');
  }
}
console.log(out.join('\n'));
console.log(`${pairs.length} ${mode} pairs;`, Object.fromEntries(reasons));
