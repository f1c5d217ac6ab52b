// runtime: node
/**
 * Scores one public set with the default preset or its rules file (bench/rules/<folder>.json):
 * node bin/run-ts.mjs bench/match-set.ts <folder> [preset]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMatch } from '../electron/services/match/engine';
import { readJsonl } from '../electron/services/match/input';
import { loadRulesFile, presetRules } from '../electron/services/match/rules';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = process.env.AMOSWEEP_BENCH_DATA ?? path.resolve(here, '../../shared/bench-data');
const [folder = 'splink-historical-50k', mode = 'rules'] = process.argv.slice(2);
const dir = path.join(data, folder);
const entity = fs.existsSync(path.join(dir, 'contacts.jsonl')) ? 'contacts' : 'companies';
const entities = await readJsonl(path.join(dir, `${entity}.jsonl`));
const rules = mode === 'preset' ? presetRules('balanced', entity) : loadRulesFile(path.join(here, 'rules', `${folder}.json`), entity);
const t0 = performance.now();
const r = runMatch(entities, { rules });
const tmp = path.join(os.tmpdir(), `amosweep-match-set-${process.pid}.json`);
fs.writeFileSync(tmp, JSON.stringify({ groups: r.groups.map((g) => g.ids) }));
const s = execFileSync(process.execPath, [path.join(data, 'score.mjs'), path.join(dir, 'truth-ids.csv'), tmp, '--json'], { encoding: 'utf8' });
fs.rmSync(tmp);
console.log(folder, mode, s.trim(), `${((performance.now() - t0) / 1000).toFixed(1)} s`, r.stats.candidatePairs, 'pairs', r.model.sources.join(','));
