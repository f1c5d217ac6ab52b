// runtime: node
/** Jaro-Winkler vs fuse.js on FEBRL3 surname pairs (true duplicates vs random): speed and separation. node bin/run-ts.mjs bench/match-similarity.ts */
import Fuse from 'fuse.js';
import { jaroWinkler } from '../electron/services/match/similarity';
import { readJsonl } from '../electron/services/match/input';
import { phoneticKey } from '../shared/normalize/translit';
// febrl3 surnames: pairs of true duplicates vs random pairs; separation and speed of each measure
const ents = await readJsonl('/work/shared/bench-data/febrl3/contacts.jsonl');
const fs = await import('node:fs');
const truth = new Map(fs.readFileSync('/work/shared/bench-data/febrl3/truth-ids.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(',') as [string, string]));
const byCluster = new Map<string, string[]>();
for (const e of ents) { const c = truth.get(String(e.id))!; const s = phoneticKey(e.last_name ?? ''); if (!s) continue; (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(s); }
const pos: [string, string][] = []; for (const xs of byCluster.values()) for (let i = 1; i < xs.length; i++) pos.push([xs[0]!, xs[i]!]);
const all = [...byCluster.values()].flat(); const neg: [string, string][] = []; for (let i = 0; i < pos.length; i++) neg.push([all[(i * 7919) % all.length]!, all[(i * 104729 + 13) % all.length]!]);
const fuseSim = (a: string, b: string) => { const r = new Fuse([b], { includeScore: true, threshold: 1, ignoreLocation: true }).search(a); return r[0] ? 1 - (r[0].score ?? 1) : 0; };
for (const [name, f] of [['jaro-winkler', jaroWinkler], ['fuse.js', fuseSim]] as const) {
  const t = performance.now(); const ps = pos.map(([a, b]) => f(a, b)); const ns = neg.map(([a, b]) => f(a, b)); const us = (performance.now() - t) * 1000 / (pos.length + neg.length);
  // best accuracy over thresholds
  let best = 0, bt = 0; for (let th = 0.5; th <= 0.99; th += 0.01) { const acc = (ps.filter((x) => x >= th).length + ns.filter((x) => x < th).length) / (ps.length + ns.length); if (acc > best) { best = acc; bt = th; } }
  console.log(name, 'µs/pair', us.toFixed(2), 'best accuracy', best.toFixed(4), 'at', bt.toFixed(2), 'pairs', pos.length + neg.length);
}
