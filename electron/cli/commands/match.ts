// runtime: node
import fs from 'node:fs';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { runMatch } from '../../services/match/engine';
import { readJsonl } from '../../services/match/input';
import { loadRulesFile, PRESETS, presetRules, type Preset } from '../../services/match/rules';
import type { EntityKind } from '../../services/match/types';

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
    if (!(PRESETS as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${PRESETS.join(', ')}.`);
    const entity: EntityKind = contacts !== undefined ? 'contacts' : 'companies';
    const file = (contacts ?? companies)!;
    if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
    const rulesFile = values.rules as string | undefined;
    if (rulesFile !== undefined && !fs.existsSync(rulesFile)) throw new UsageError(`No such rules file: ${rulesFile}`);
    const rules = rulesFile ? loadRulesFile(rulesFile, entity) : presetRules(preset as Preset, entity);

    const started = performance.now();
    const entities = await readJsonl(file);
    const result = runMatch(entities, { rules, crossSource: values['cross-source'] === true, signal: io.signal });
    const seconds = Math.round(performance.now() - started) / 1000;
    if (values.json) {
      const out: Record<string, unknown> = { groups: result.groups.map((g) => g.ids), seconds };
      if (values.explain) {
        const index = new Map(entities.map((e, i) => [e.id, i]));
        out.explanations = result.groups.map((g) =>
          g.links.map((l) => result.model.explain(index.get(g.ids[l.a]!)!, index.get(g.ids[l.b]!)!)),
        );
      }
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
