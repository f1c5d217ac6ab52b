// runtime: node
/**
 * Duplicate matching (issue 6): pairwise quality on the public benchmark sets (scored by
 * ../shared/bench-data/score.mjs), on the demo account's injected duplicates (default preset),
 * and speed and memory on 10 k, 100 k and 1 M synthetic contacts, each in a fresh process, and
 * the main thread's lag while match.run's worker matches and stores the largest of them
 * (bench/match-lag-child.ts). Run alone: npm run bench -- match. MATCH_BENCH_MAX (default
 * 1000000) caps the speed sizes. Every speed figure's note gives the load average of the machine.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccount } from '../fake-amocrm/generator/index';
import { generateRuCrm, HELD_OUT_SEED, truthGroups } from './ru-crm-gen/index';
import { runMatch } from '../electron/services/match/engine';
import { readJsonl } from '../electron/services/match/input';
import { loadRulesFile, presetRules } from '../electron/services/match/rules';
import type { AmoEntity, EntityKind } from '../electron/services/match/types';
import type { BenchResult } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const BENCH_DATA = process.env.AMOSWEEP_BENCH_DATA ?? path.resolve(root, '../shared/bench-data');

const SETS: { folder: string; target: number; crossSource?: boolean; preset?: boolean; anchor: string }[] = [
  { folder: 'febrl3', target: 0.99, anchor: 'Splink 4: 0.993' },
  { folder: 'febrl4', target: 0.99, crossSource: true, anchor: 'Splink 4: 0.999' },
  { folder: 'splink-fake-1000', target: 0.87, anchor: 'Splink 4: 0.862 best' },
  { folder: 'dedupe-chicago-childcare', target: 0.95, anchor: 'no published figure' },
  { folder: 'restaurants-fodors-zagat', target: 0.95, anchor: 'no published figure' },
  // names, dates and places only (issue 11): the default preset must use them; the floor is exact-match F1
  { folder: 'splink-historical-50k', target: 0.221, preset: true, anchor: 'trivial exact-match floor 0.221' },
  { folder: 'splink-historical-50k', target: 0.221, anchor: 'trivial exact-match floor 0.221' },
];

interface Score {
  precision: number;
  recall: number;
  f1: number;
}

function score(truthCsv: string, groups: unknown[][], crossSource: boolean): Score {
  const tmp = path.join(os.tmpdir(), `amosweep-match-bench-${process.pid}.json`);
  fs.writeFileSync(tmp, JSON.stringify({ groups }));
  try {
    const out = execFileSync(process.execPath, [path.join(BENCH_DATA, 'score.mjs'), truthCsv, tmp, ...(crossSource ? ['--cross-source'] : []), '--json'], {
      encoding: 'utf8',
    });
    return JSON.parse(out) as Score;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

async function qualityFigures(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const set of SETS) {
    const dir = path.join(BENCH_DATA, set.folder);
    const file = ['contacts.jsonl', 'companies.jsonl'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!file) {
      out.push({ name: `${set.folder} pairwise F1`, value: Number.NaN, unit: '', limit: set.target, direction: 'min', note: `no data in ${dir}` });
      continue;
    }
    const entity: EntityKind = file.endsWith('contacts.jsonl') ? 'contacts' : 'companies';
    const rulesFile = path.join(here, 'rules', `${set.folder}.json`);
    const withFile = !set.preset && fs.existsSync(rulesFile);
    const rules = withFile ? loadRulesFile(rulesFile, entity) : presetRules('balanced', entity);
    const entities = await readJsonl(file);
    const started = performance.now();
    const result = runMatch(entities, { rules, crossSource: set.crossSource === true });
    const seconds = (performance.now() - started) / 1000;
    const s = score(path.join(dir, 'truth-ids.csv'), result.groups.map((g) => g.ids), set.crossSource === true);
    out.push({
      name: `${set.folder} pairwise F1${set.crossSource ? ' (cross-source)' : ''}${set.preset ? ' (default preset, no rules file)' : ''}`,
      value: r4(s.f1),
      unit: '',
      limit: set.target,
      direction: 'min',
      note: `P ${r4(s.precision)} R ${r4(s.recall)}; ${entities.length} records in ${r3(seconds)} s; rules ${withFile ? `bench/rules/${set.folder}.json` : 'balanced preset'}; published ${set.anchor}`,
    });
  }
  return out;
}

function pairScore(groups: readonly (readonly (number | string)[])[], truth: readonly (readonly number[])[]) {
  const t = new Map<string, number>();
  truth.forEach((g, k) => g.forEach((id) => t.set(String(id), k)));
  let tp = 0;
  let predicted = 0;
  for (const g of groups) {
    for (let a = 0; a < g.length; a++) {
      for (let b = a + 1; b < g.length; b++) {
        predicted++;
        const x = t.get(String(g[a]));
        if (x !== undefined && x === t.get(String(g[b]))) tp++;
      }
    }
  }
  const truePairs = truth.reduce((s, g) => s + (g.length * (g.length - 1)) / 2, 0);
  return { precision: predicted ? tp / predicted : 1, recall: truePairs ? tp / truePairs : 1, tp, predicted, truePairs };
}


function demoFigures(): BenchResult[] {
  const scale = Number(process.env.MATCH_BENCH_DEMO_SCALE ?? '1');
  const { fixtures, truth } = generateAccount({ profile: 'reference', scale, seed: 1, asOf: new Date('2026-11-01T00:00:00Z') });
  const out: BenchResult[] = [];
  for (const entity of ['contacts', 'companies'] as const) {
    const entities = fixtures.collections[entity] as unknown as AmoEntity[];
    const started = performance.now();
    const result = runMatch(entities, { rules: presetRules('balanced', entity) });
    const seconds = (performance.now() - started) / 1000;
    const groups = result.groups.map((g) => g.ids);
    const s = pairScore(groups, truth.duplicates[entity]);
    const note = `scale ${scale}, ${entities.length} ${entity}, ${s.truePairs} injected pairs, ${s.predicted} predicted, ${r3(seconds)} s`;
    out.push({
      name: `demo ${entity} precision (default preset)`,
      value: r4(s.precision),
      unit: '',
      limit: 0.99,
      direction: 'min',
      note,
    });
    out.push({ name: `demo ${entity} recall (default preset)`, value: r4(s.recall), unit: '', limit: 0.98, direction: 'min', note });
  }
  return out;
}

/**
 * The second, independent Russian CRM generator (bench/ru-crm-gen): seed 1 is the development
 * seed, HELD_OUT_SEED is scored here and never looked at while changing the matcher.
 */
function ruCrmFigures(): BenchResult[] {
  const out: BenchResult[] = [];
  for (const seed of [1, HELD_OUT_SEED]) {
    const set = generateRuCrm(seed);
    for (const entity of ['contacts', 'companies'] as const) {
      const entities = set[entity];
      const started = performance.now();
      const result = runMatch(entities, { rules: presetRules('balanced', entity) });
      const seconds = (performance.now() - started) / 1000;
      const s = pairScore(result.groups.map((g) => g.ids), truthGroups(set.truth[entity]));
      const note = `bench/ru-crm-gen seed ${seed}${seed === HELD_OUT_SEED ? ' (held out)' : ''}, ${entities.length} ${entity}, ${s.truePairs} true pairs, ${s.predicted} predicted, ${r3(seconds)} s`;
      out.push({ name: `ru-crm seed ${seed} ${entity} precision (default preset)`, value: r4(s.precision), unit: '', limit: 0.99, direction: 'min', note });
      out.push({ name: `ru-crm seed ${seed} ${entity} recall (default preset)`, value: r4(s.recall), unit: '', limit: 0.98, direction: 'min', note });
    }
  }
  return out;
}

interface ChildResult {
  n: number;
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  precision: number;
  recall: number;
  stats: { candidatePairs: number; phases?: Record<string, number> };
}

/** Where a run's time went: its three longest engine phases. */
const slowest = (phases: Record<string, number> | undefined) =>
  Object.entries(phases ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([phase, s]) => `${phase} ${r3(s)} s`)
    .join(', ');

function child(n: number, preset = 'balanced'): ChildResult {
  const out = execFileSync(process.execPath, ['--max-old-space-size=3072', path.join(root, 'bin/run-ts.mjs'), path.join(here, 'match-child.ts'), String(n), preset], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
}

/** The load average (1 and 5 min) over the machine's cores, for the notes of timed figures. */
const load = () => {
  const [one, five] = os.loadavg();
  return `load average ${(one ?? 0).toFixed(1)} / ${(five ?? 0).toFixed(1)} on ${os.cpus().length} cores`;
};

interface LagResult {
  n: number;
  seconds: number;
  groups: number;
  maxLagMs: number;
  maxBusyMs: number;
  maxBusyStage: string;
  idleMaxLagMs: number;
  p99LagMs: number;
  stalls: { ms: number; busyMs: number; cpuMs: number | null; at: number; stage: string }[];
  peakMb: number;
}

/** match.run's main thread while its worker matches and stores n contacts (issue 11: no task over 100 ms). */
function lagFigures(n: number): BenchResult[] {
  const out = execFileSync(process.execPath, ['--max-old-space-size=4096', path.join(root, 'bin/run-ts.mjs'), path.join(here, 'match-lag-child.ts'), String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as LagResult;
  const size = r.n.toLocaleString('en');
  const worst = r.stalls[0];
  const context = `match.run of ${size} contacts took ${r3(r.seconds)} s (${r.groups} groups stored by the worker), process peak RSS ${Math.round(r.peakMb)} MB; ${load()}`;
  return [
    {
      name: `match.run ${size} contacts: main thread's longest busy stretch`,
      value: Math.round(r.maxBusyMs),
      unit: 'ms',
      limit: 100,
      direction: 'max',
      note: `event-loop busy time between two 10 ms ticks, the longest during "${r.maxBusyStage}"; ${context}`,
    },
    {
      name: `match.run ${size} contacts: main thread's max event-loop lag`,
      value: Math.round(r.maxLagMs),
      unit: 'ms',
      limit: 100,
      direction: 'max',
      note: `wall clock, OS scheduling included: ${Math.round(r.idleMaxLagMs)} ms with nothing to do just before; p99 ${r3(r.p99LagMs)} ms; worst tick ${worst ? `${worst.ms} ms late with ${worst.busyMs} ms busy${worst.cpuMs !== null ? ` and ${worst.cpuMs} ms of this thread's CPU` : ''} during "${worst.stage}"` : 'none over 50 ms'}; ${context}`,
    },
  ];
}

function speedFigures(): BenchResult[] {
  const max = Number(process.env.MATCH_BENCH_MAX ?? '1000000');
  const sizes = [10_000, 100_000, 1_000_000].filter((n) => n <= max);
  const out: BenchResult[] = [];
  const runs = sizes.map((n) => ({ ...child(n), load: load() }));
  const base = runs[0];
  for (const r of runs) {
    // issue 11: 100 k ≤ 10 s including EM, 1 M ≤ 60 s and ≤ 2 GB
    const limit = r.n >= 1_000_000 ? 60 : 10;
    const growth = base ? `; ×${r3(r.seconds / base.seconds)} the time of 10 k for ×${r.n / base.n} cards` : '';
    out.push({
      name: `match ${r.n.toLocaleString('en')} contacts (balanced)`,
      value: r3(r.seconds),
      unit: 's',
      limit,
      direction: 'max',
      note: `CPU ${r3(r.cpuSeconds)} s; ${r.stats.candidatePairs} candidate pairs; longest phases ${slowest(r.stats.phases)}; synthetic P ${r4(r.precision)} R ${r4(r.recall)}${growth}; ${r.load}`,
    });
    out.push({ name: `match ${r.n.toLocaleString('en')} contacts peak RSS`, value: Math.round(r.peakMb), unit: 'MB', limit: 2048, direction: 'max', note: 'whole process, synthetic input included' });
  }
  if (max >= 100_000) {
    const loose = child(100_000, 'loose');
    out.push({
      name: 'match 100,000 contacts (loose: name blocking too)',
      value: r3(loose.seconds),
      unit: 's',
      limit: 10,
      direction: 'max',
      note: `CPU ${r3(loose.cpuSeconds)} s; ${loose.stats.candidatePairs} candidate pairs; synthetic P ${r4(loose.precision)} R ${r4(loose.recall)}; ${load()}`,
    });
  }
  const largest = sizes.at(-1);
  if (largest !== undefined) out.push(...lagFigures(largest));
  return out;
}

export async function runMatchBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  results.push(...(await qualityFigures()));
  results.push(...demoFigures());
  results.push(...ruCrmFigures());
  results.push(...speedFigures());
  for (const r of results) process.stderr.write(`  ${r.name}: ${r.value} ${r.unit} (target ${r.direction === 'min' ? '≥' : '≤'} ${r.limit})${r.note ? `  — ${r.note}` : ''}\n`);
  return results;
}
