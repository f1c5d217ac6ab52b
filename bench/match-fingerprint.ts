// runtime: node
/**
 * Fingerprints of the matcher's output, to prove that a change of how the engine runs (candidate
 * generation, the compare loop, workers) leaves the scoring as it was: per data set, a SHA-256 of
 * the groups (ids, every link's probability to the last bit), the run's counts (candidate pairs,
 * blocks, links, groups, EM iterations, lambda) and the fitted model (m, u, weights, prior).
 * Data sets: the demo account (scale 1), bench/ru-crm-gen seed 1, the public sets with their rules
 * files, and synthetic contacts (bench/match-synth.ts).
 *
 *   node bin/run-ts.mjs bench/match-fingerprint.ts --write FILE   # record (e.g. on main)
 *   node bin/run-ts.mjs bench/match-fingerprint.ts --check FILE   # compare; exit 1 on any difference
 *   MATCH_FINGERPRINT_SYNTH=200000 …                               # the synthetic set's size (default 50000)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccount } from '../fake-amocrm/generator/index';
import { generateRuCrm } from './ru-crm-gen/index';
import { synthContacts } from './match-synth';
import { runMatch, type MatchRun } from '../electron/services/match/engine';
import { readJsonl } from '../electron/services/match/input';
import { loadRulesFile, presetRules, type Rules } from '../electron/services/match/rules';
import type { AmoEntity, EntityKind } from '../electron/services/match/types';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCH_DATA = process.env.AMOSWEEP_BENCH_DATA ?? path.resolve(here, '../../shared/bench-data');
// set AMOSWEEP_BENCH_DATA in a worktree whose parent folder holds no shared/bench-data

interface Case {
  name: string;
  load: () => Promise<{ entities: AmoEntity[]; rules: Rules; crossSource?: boolean }>;
}

const PUBLIC: { folder: string; crossSource?: boolean; preset?: boolean }[] = [
  { folder: 'febrl3' },
  { folder: 'febrl4', crossSource: true },
  { folder: 'splink-fake-1000' },
  { folder: 'dedupe-chicago-childcare' },
  { folder: 'restaurants-fodors-zagat' },
  { folder: 'splink-historical-50k', preset: true },
  { folder: 'splink-historical-50k' },
];

function cases(): Case[] {
  const out: Case[] = [];
  for (const entity of ['contacts', 'companies'] as const) {
    out.push({
      name: `demo ${entity}`,
      load: async () => {
        const { fixtures } = generateAccount({ profile: 'reference', scale: 1, seed: 1, asOf: new Date('2026-11-01T00:00:00Z') });
        return { entities: fixtures.collections[entity] as unknown as AmoEntity[], rules: presetRules('balanced', entity) };
      },
    });
    out.push({ name: `ru-crm seed 1 ${entity}`, load: async () => ({ entities: generateRuCrm(1)[entity], rules: presetRules('balanced', entity) }) });
  }
  for (const set of PUBLIC) {
    const dir = path.join(BENCH_DATA, set.folder);
    out.push({
      name: `${set.folder}${set.preset ? ' (preset)' : ''}`,
      load: async () => {
        const file = ['contacts.jsonl', 'companies.jsonl'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
        if (!file) throw new Error(`no data in ${dir}`);
        const entity: EntityKind = file.endsWith('contacts.jsonl') ? 'contacts' : 'companies';
        const rulesFile = path.join(here, 'rules', `${set.folder}.json`);
        const rules = !set.preset && fs.existsSync(rulesFile) ? loadRulesFile(rulesFile, entity) : presetRules('balanced', entity);
        return { entities: await readJsonl(file), rules, crossSource: set.crossSource === true };
      },
    });
  }
  const synth = Number(process.env.MATCH_FINGERPRINT_SYNTH ?? '50000');
  for (const preset of ['balanced', 'loose'] as const) {
    out.push({ name: `synth ${synth} ${preset}`, load: async () => ({ entities: synthContacts(synth).entities, rules: presetRules(preset, 'contacts') }) });
  }
  return out;
}

/** Everything of a run that scoring decides; timings left out. */
export function fingerprint(run: MatchRun): { hash: string; summary: string } {
  const { seconds: _s, phases: _p, ...stats } = run.stats;
  const model = run.model;
  const body = JSON.stringify({
    stats,
    m: model.m,
    u: model.u,
    weights: model.weights,
    prior: model.priorLogit,
    sources: model.sources,
    groups: run.groups.map((g) => [g.ids, g.confidence, g.links.map((l) => [l.a, l.b, l.probability])]),
  });
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { hash, summary: `${stats.records} records, ${stats.candidatePairs} pairs, ${stats.links} links, ${stats.groups} groups` };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = args[args.indexOf('--write') + 1] && args.includes('--write') ? args[args.indexOf('--write') + 1]! : null;
  const check = args.includes('--check') ? args[args.indexOf('--check') + 1]! : null;
  const only = process.env.MATCH_FINGERPRINT_ONLY;
  const expected = check ? (JSON.parse(fs.readFileSync(check, 'utf8')) as Record<string, string>) : null;
  const got: Record<string, string> = {};
  let differ = 0;
  for (const c of cases()) {
    if (only && !c.name.includes(only)) continue;
    const { entities, rules, crossSource } = await c.load();
    const t = performance.now();
    const run = runMatch(entities, { rules, crossSource: crossSource === true });
    const seconds = (performance.now() - t) / 1000;
    const { hash, summary } = fingerprint(run);
    got[c.name] = hash;
    const verdict = expected ? (expected[c.name] === undefined ? 'not recorded' : expected[c.name] === hash ? 'same' : 'DIFFERENT') : '';
    if (verdict === 'DIFFERENT') differ++;
    process.stdout.write(`${c.name}: ${hash} ${verdict} (${summary}; ${seconds.toFixed(2)} s)\n`);
  }
  if (write) fs.writeFileSync(write, `${JSON.stringify(got, null, 2)}\n`);
  if (differ > 0) {
    process.stdout.write(`${differ} data set(s) differ\n`);
    process.exit(1);
  }
}

await main();
