// runtime: node
/**
 * `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or those named), prints each
 * figure next to its limit with the ratio, and writes bench/results/latest.json.
 * Benchmarks report; they never fail the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { meets, ratio, type BenchResult } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

const all: (BenchResult & { suite: string })[] = [];
for (const file of files) {
  const suite = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`\n▶ ${suite}\n`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as Record<string, unknown>;
  const runners = Object.entries(mod).filter(([name, fn]) => /^run.*Bench$/.test(name) && typeof fn === 'function');
  for (const [, fn] of runners) {
    try {
      const results = await (fn as () => Promise<BenchResult[]>)();
      for (const r of results) {
        all.push({ ...r, suite });
        process.stderr.write(`  ${r.name}: ${r.value} ${r.unit} (limit ${r.direction === 'min' ? '≥' : '≤'} ${r.limit})\n`);
      }
    } catch (error) {
      process.stderr.write(`  ✗ ${suite} failed: ${(error as Error).stack ?? String(error)}\n`);
      all.push({ suite, name: `${suite} (crashed)`, value: Number.NaN, unit: '', limit: 0, direction: 'min', note: String(error) });
    }
  }
}

const rows = all.map((r) => [
  r.suite,
  r.name,
  `${Number.isFinite(r.value) ? +r.value.toFixed(3) : 'n/a'} ${r.unit}`,
  `${r.direction === 'min' ? '≥' : '≤'} ${r.limit} ${r.unit}`,
  Number.isFinite(ratio(r)) ? ratio(r).toFixed(2) : 'n/a',
  meets(r) ? 'met' : 'MISSED',
  r.note ?? '',
]);
const header = ['suite', 'figure', 'value', 'limit', 'ratio', 'status', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
for (const row of rows) console.log(line(row));

const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
const out = { ranAt: new Date().toISOString(), node: process.version, results: all };
fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`\nwritten: ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))}`);
