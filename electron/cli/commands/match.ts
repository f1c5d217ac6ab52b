// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { MATCH_PRESETS, type MatchEntity, type MatchPreset } from '../../../shared/api/methods/match';
import type { MatchFileResult } from '../../../shared/api/methods/match-compute';
import { cliApi } from '../api';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: amosweep match (--contacts FILE.jsonl | --companies FILE.jsonl) [options]

Finds duplicate contacts or companies in a file of amoCRM API v4 entities (one JSON object a line).
The file is read as a stream of UTF-8 lines (a byte-order mark is accepted); a line over 16 MiB,
invalid UTF-8 or a line that is not JSON stops it with the line's number (exit 1).

Options:
  --contacts FILE     contacts to match
  --companies FILE    companies to match
  --preset NAME       strict | balanced | loose (default: balanced)
  --rules FILE        a rules file (JSON: comparisons, blocking, threshold; "preset" as a base)
  --cross-source      two-file linkage: pairs only across sources, every card in at most one pair
  --explain           with --json: add every group's link explanations
  --json              print {"groups": [[id, ...], ...], "seconds": s}
`;

export const command: CliCommand = {
  name: 'match',
  summary: 'Find duplicate contacts or companies in a JSONL file',
  usage,
  async run(argv, io) {
    const { values, help } = parseCommandArgs(
      argv,
      {
        contacts: { type: 'string' },
        companies: { type: 'string' },
        preset: { type: 'string' },
        rules: { type: 'string' },
        'cross-source': { type: 'boolean' },
        explain: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      { min: 0, max: 0 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const contacts = values.contacts as string | undefined;
    const companies = values.companies as string | undefined;
    if ((contacts === undefined) === (companies === undefined)) throw new UsageError('Give exactly one of --contacts or --companies.');
    const preset = (values.preset as string | undefined) ?? 'balanced';
    if (!(MATCH_PRESETS as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${MATCH_PRESETS.join(', ')}.`);
    const entity: MatchEntity = contacts !== undefined ? 'contacts' : 'companies';
    const file = (contacts ?? companies)!;
    if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
    const rulesFile = values.rules as string | undefined;
    if (rulesFile !== undefined && !fs.existsSync(rulesFile)) throw new UsageError(`No such rules file: ${rulesFile}`);

    const started = performance.now();
    const api = cliApi();
    let result: MatchFileResult;
    try {
      const { jobId } = await api.call('match.file', {
        file: path.resolve(file),
        entity,
        preset: preset as MatchPreset,
        ...(rulesFile !== undefined ? { rulesFile: path.resolve(rulesFile) } : {}),
        crossSource: values['cross-source'] === true,
        explain: values.json === true && values.explain === true,
      });
      result = (await api.job(jobId, io.signal)) as unknown as MatchFileResult;
    } finally {
      api.close();
    }
    const seconds = Math.round(performance.now() - started) / 1000;
    if (values.json) {
      const out: Record<string, unknown> = { groups: result.groups.map((g) => g.ids), seconds };
      if (values.explain) out.explanations = result.explanations ?? [];
      out.stats = result.stats;
      io.stdout(`${JSON.stringify(out)}\n`);
    } else {
      const s = result.stats;
      io.stdout(
        `${s.records} ${entity}, ${s.candidatePairs} candidate pairs, ${s.links} links, ${s.groups} groups ` +
          `(${result.groups.reduce((x, g) => x + g.ids.length, 0)} cards) in ${seconds} s\n`,
      );
      for (const g of result.groups.slice(0, 50)) io.stdout(`  ${g.ids.join(', ')}  (confidence ${g.confidence.toFixed(3)})\n`);
      if (result.groups.length > 50) io.stdout(`  … ${result.groups.length - 50} more (use --json)\n`);
    }
    return 0;
  },
};
