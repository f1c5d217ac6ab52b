// runtime: node
/**
 * node bin/run-ts.mjs fake-amocrm/generator/cli.ts [--scale 1] [--seed 42] [--as-of 2020-12-31T00:00:00Z] [--out DIR]
 * Prints the truth counts, time and peak RSS; writes the fixture directory when --out is given.
 */
import { generateAccount } from './index';
import { writeFixtureDir } from './jsonl';
import { referenceMismatches } from './reference-check';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const scale = Number(arg('scale', '1'));
const seed = Number(arg('seed', '42'));
const asOf = new Date(arg('as-of', '2020-12-31T00:00:00Z'));
const out = arg('out', '');

let peak = process.memoryUsage().rss;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { fixtures, truth } = generateAccount({ profile: 'reference', scale, seed, asOf });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(timer);
const sizes = Object.fromEntries(Object.entries(fixtures.collections).map(([k, v]) => [k, v.length]));
const mismatches = referenceMismatches(truth, scale);
process.stdout.write(`${JSON.stringify({ mismatches, scale, seed, asOf: asOf.toISOString(), ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakRssMB: Math.round(peak / 2 ** 20), sizes, counts: truth.counts, analytics: truth.analytics, duplicateGroups: { contacts: truth.duplicates.contacts.length, companies: truth.duplicates.companies.length } }, null, 2)}\n`);
if (out) {
  const files = writeFixtureDir(out, fixtures, truth);
  process.stderr.write(`wrote ${files.length} files to ${out}\n`);
}
if (mismatches.length > 0) {
  process.stderr.write(`reference figures not reproduced:\n${mismatches.join('\n')}\n`);
  process.exitCode = 1;
}
