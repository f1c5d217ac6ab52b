// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { MATCH_PRESETS, type MatchPreset } from '../../../shared/api/methods/match';
import type { MatchComputed } from '../../../shared/api/methods/match-compute';
import { cliApi } from '../api';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: amosweep duplicates SNAPSHOT [options]

Finds duplicate contacts and companies in a snapshot file. "Not a duplicate" decisions stored in
the snapshot are respected. The file is only read.

Options:
  --preset NAME       strict | balanced | loose (default: balanced)
  --contacts-rules FILE   a rules file for contacts
  --companies-rules FILE  a rules file for companies
  --json              print {"contacts": {"groups": [...]}, "companies": {"groups": [...]}}
`;

export const command: CliCommand = {
  name: 'duplicates',
  summary: 'Find duplicate contacts and companies in a snapshot',
  usage,
  async run(argv, io) {
    const { values, positionals, help } = parseCommandArgs(
      argv,
      {
        preset: { type: 'string' },
        'contacts-rules': { type: 'string' },
        'companies-rules': { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const file = positionals[0]!;
    if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
    const preset = (values.preset as string | undefined) ?? 'balanced';
    if (!(MATCH_PRESETS as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${MATCH_PRESETS.join(', ')}.`);
    for (const k of ['contacts-rules', 'companies-rules'] as const) {
      const f = values[k] as string | undefined;
      if (f !== undefined && !fs.existsSync(f)) throw new UsageError(`No such rules file: ${f}`);
    }
    const started = performance.now();
    const rulesFiles: { contacts?: string; companies?: string } = {};
    for (const entity of ['contacts', 'companies'] as const) {
      const f = values[`${entity}-rules`] as string | undefined;
      if (f !== undefined) rulesFiles[entity] = path.resolve(f);
    }
    const api = cliApi();
    try {
      // read-only: match.compute opens the file read-only at its own schema and stores nothing
      const { jobId } = await api.call('match.compute', { file: path.resolve(file), entities: ['contacts', 'companies'], preset: preset as MatchPreset, rulesFiles });
      const { results } = (await api.job(jobId, io.signal)) as { results: MatchComputed[] };
      const out: Record<string, { groups: number[][]; seconds: number; records: number }> = {};
      for (const r of results) out[r.entity] = { groups: r.groups, seconds: r.seconds, records: r.records };
      const seconds = Math.round(performance.now() - started) / 1000;
      if (values.json) io.stdout(`${JSON.stringify({ ...out, seconds })}\n`);
      else {
        for (const [entity, r] of Object.entries(out)) {
          io.stdout(`${entity}: ${r.records} cards, ${r.groups.length} groups (${r.groups.reduce((x, g) => x + g.length, 0)} cards) in ${r.seconds} s\n`);
          for (const g of r.groups.slice(0, 20)) io.stdout(`  ${g.join(', ')}\n`);
          if (r.groups.length > 20) io.stdout(`  … ${r.groups.length - 20} more (use --json)\n`);
        }
      }
      return 0;
    } finally {
      api.close();
    }
  },
};
