// runtime: node
/** Runs one matcher speed figure in a fresh process: node bin/run-ts.mjs bench/match-child.ts N. Prints JSON. */
import { runMatch } from '../electron/services/match/engine';
import { presetRules } from '../electron/services/match/rules';
import { synthContacts } from './match-synth';

const n = Number(process.argv[2] ?? '10000');
const { entities, groups } = synthContacts(n);
const started = performance.now();
const cpu0 = process.cpuUsage();
const result = runMatch(entities, { rules: presetRules((process.argv[3] ?? 'balanced') as 'balanced', 'contacts') });
const seconds = (performance.now() - started) / 1000;
// the process's CPU time of the run (all its threads: the collector's included); against wall time it shows how much the run waited for a core
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const truth = new Map<string, number>();
groups.forEach((g, k) => g.forEach((x) => truth.set(String(x), k)));
let tp = 0;
let predicted = 0;
for (const g of result.groups) {
  for (let a = 0; a < g.ids.length; a++) {
    for (let b = a + 1; b < g.ids.length; b++) {
      predicted++;
      const t = truth.get(String(g.ids[a]));
      if (t !== undefined && t === truth.get(String(g.ids[b]))) tp++;
    }
  }
}
const peakMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ n, seconds, cpuSeconds, peakMb, precision: predicted ? tp / predicted : 1, recall: groups.length ? tp / groups.length : 1, stats: result.stats })}\n`,
);
