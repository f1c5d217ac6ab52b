// runtime: node
import fs from 'node:fs';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { MIGRATIONS } from '../../services/db/migrations/index';
import { openSnapshotDb, type SqliteDb } from '../../services/db/open';
import { runMatch } from '../../services/match/engine';
import { loadRulesFile, PRESETS, presetRules, type Preset } from '../../services/match/rules';
import { MatchStore } from '../../services/match/store';
import { hasTable } from '../../services/db/handles';

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
    if (!(PRESETS as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${PRESETS.join(', ')}.`);
    for (const k of ['contacts-rules', 'companies-rules'] as const) {
      const f = values[k] as string | undefined;
      if (f !== undefined && !fs.existsSync(f)) throw new UsageError(`No such rules file: ${f}`);
    }
    const started = performance.now();
    const db = openReadOnly(file);
    try {
      const store = new MatchStore(db);
      const out: Record<string, { groups: number[][]; seconds: number; records: number }> = {};
      for (const entity of ['contacts', 'companies'] as const) {
        const t = performance.now();
        const rulesFile = values[`${entity}-rules`] as string | undefined;
        const rules = rulesFile ? loadRulesFile(rulesFile, entity) : presetRules(preset as Preset, entity);
        const entities = store.loadEntities(entity);
        // a snapshot from before match decisions existed (schema < 3) has none
        const forbidden = hasTable(db, 'match_decision_pairs') ? store.forbiddenPairs(entity) : new Set<string>();
        const result = runMatch(entities, {
          rules,
          signal: io.signal,
          ...(forbidden.size > 0 ? { forbidden: (a, b) => forbidden.has(Number(a) < Number(b) ? `${a},${b}` : `${b},${a}`) } : {}),
        });
        out[entity] = { groups: result.groups.map((g) => g.ids.map(Number)), seconds: Math.round(performance.now() - t) / 1000, records: entities.length };
      }
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
      db.close();
    }
  },
};

/** Opens read-only; a snapshot written before the newest migrations is read at its own schema, never upgraded. */
function openReadOnly(file: string): SqliteDb {
  try {
    return openSnapshotDb(file, { mode: 'readonly' });
  } catch (error) {
    if (!/older AmoSweep/.test((error as Error).message)) throw error;
    for (let k = MIGRATIONS.length - 1; k >= 1; k--) {
      try {
        return openSnapshotDb(file, { mode: 'readonly', migrations: MIGRATIONS.slice(0, k) });
      } catch {
        // try an older schema
      }
    }
    throw error;
  }
}
