// runtime: node
import path from 'node:path';
import type { CompareReport } from '../../../shared/compare/types';
import { cliApi } from '../api';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: amosweep compare OLD NEW [options]

Compares two snapshot files of one account (both opened read-only): each audit finding's count
then and now, duplicate groups that appeared or were resolved, what changed and who changed it
(from NEW's events after OLD was taken), and the health score of each (0–100, see README).
Two snapshots of different accounts are refused (exit 1).

Options:
  --json                print the whole comparison as one JSON object
  --xlsx OUT            also write it as an XLSX workbook to OUT
  --lang ru|en          language of the table and the workbook (default: ru)
  --history DIR         add the health score of every snapshot of the account in DIR
  --fail-on-regression  exit 3 when NEW's health score is lower than OLD's
`;

const when = (t: number | null) => (t ? new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 16) : '-');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function text(r: CompareReport, lang: 'ru' | 'en'): string {
  const lines = [
    `${r.new.accountName ?? r.new.subdomain ?? '-'} (id ${r.new.accountId ?? '-'})`,
    `  old: ${path.basename(r.old.file)}  taken ${when(r.old.finishedAt)}  health ${r.old.health}`,
    `  new: ${path.basename(r.new.file)}  taken ${when(r.new.finishedAt)}  health ${r.new.health} (${signed(Math.round((r.new.health - r.old.health) * 10) / 10)})${r.regression ? '  REGRESSION' : ''}`,
    '',
    'Findings (then → now):',
  ];
  const width = Math.max(...r.findings.map((f) => f.id.length));
  for (const f of r.findings) {
    if (f.before === 0 && f.after === 0) continue;
    lines.push(`  ${f.id.padEnd(width)}  ${String(f.before).padStart(7)} → ${String(f.after).padStart(7)}  ${f.delta === 0 ? '' : signed(f.delta).padStart(7)}  ${f.title[lang]}`);
  }
  lines.push('', `Duplicate groups: ${r.newGroups.length} new, ${r.resolvedGroups.length} resolved`);
  for (const g of r.newGroups.slice(0, 20)) lines.push(`  + ${g.entity} ${g.ids.join(', ')}  ${g.names.join(' / ')}`);
  for (const g of r.resolvedGroups.slice(0, 20)) lines.push(`  - ${g.entity} ${g.ids.join(', ')}  ${g.names.join(' / ')}`);
  lines.push('', 'Entities (then → now): ' + r.changes.counts.map((c) => `${c.entity} ${c.before} → ${c.after}`).join(', '));
  if (r.changes.updatedBy.length > 0) {
    lines.push('Changed since the old snapshot (last changed by): ' + r.changes.updatedBy.map((u) => `${u.entity} ${u.count} by ${u.name || '(system)'}`).join(', '));
  }
  if (r.changes.hasEvents) {
    lines.push('Events since the old snapshot: ' + r.changes.byType.map((e) => `${e.type} ${e.count}`).join(', '));
    lines.push('By user: ' + r.changes.byUser.map((u) => `${u.name || '(system)'} ${u.count}`).join(', '));
  } else {
    lines.push('Events since the old snapshot: none in the new snapshot (its notes and events window may not reach back).');
  }
  if (r.history.length > 2) lines.push('', 'Health history: ' + r.history.map((h) => `${when(h.finishedAt)} ${h.health}`).join(' · '));
  lines.push('');
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'compare',
  summary: 'Compare two snapshots of one account: findings then and now, duplicate groups, health',
  usage,
  async run(argv, io) {
    const { values, positionals, help } = parseCommandArgs(
      argv,
      {
        json: { type: 'boolean' },
        xlsx: { type: 'string' },
        lang: { type: 'string' },
        history: { type: 'string' },
        'fail-on-regression': { type: 'boolean' },
      },
      { min: 2, max: 2 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const lang = (values.lang as string | undefined) ?? 'ru';
    if (lang !== 'ru' && lang !== 'en') throw new UsageError(`--lang must be ru or en, got "${lang}".`);
    const xlsx = values.xlsx as string | undefined;
    if (xlsx !== undefined && xlsx.trim() === '') throw new UsageError('--xlsx needs a file name.');
    const history = values.history as string | undefined;
    const api = cliApi();
    const { jobId } = await api.call('compare.start', {
      old: path.resolve(positionals[0]!),
      new: path.resolve(positionals[1]!),
      historyDir: history ? path.resolve(history) : null,
      ...(xlsx ? { xlsx: { out: path.resolve(xlsx), lang } } : {}),
    });
    const report = (await api.job(jobId, io.signal)).report as CompareReport;
    if (xlsx) io.stderr(`Wrote ${path.resolve(xlsx)}\n`);
    io.stdout(values.json ? `${JSON.stringify(report)}\n` : text(report, lang));
    return values['fail-on-regression'] && report.regression ? 3 : 0;
  },
};
