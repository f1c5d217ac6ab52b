// runtime: node
import path from 'node:path';
import type { AuditLang, AuditReport } from '../../../shared/audit/types';
import { cliApi } from '../api';
import { parseCommandArgs } from '../args';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: amosweep audit FILE [options]

Audits a snapshot file (opened read-only): every finding of the reference audit, with sales analytics.

Options:
  --json            print {"findings": [{"id", "count", "groups", "sampleIds"}], "analytics": {...}}
  --as-of DATE      end every window here (ISO 8601 date or date-time); default: the snapshot's time
  --lang ru|en      language of the table and the reports (default: ru)
  --xlsx OUT        also write the XLSX report to OUT
  --html OUT        also write the print-ready HTML report to OUT
`;

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseAsOf(raw: string): Date {
  const t = ISO.test(raw.trim()) ? Date.parse(raw.trim()) : NaN;
  if (!Number.isFinite(t)) throw new UsageError(`--as-of must be an ISO 8601 date or date-time (e.g. 2020-12-31 or 2020-12-31T23:59:59Z), got "${raw}".`);
  return new Date(t);
}

export const command: CliCommand = {
  name: 'audit',
  summary: 'Audit a snapshot file: findings, sales analytics, XLSX/HTML report',
  usage,
  async run(argv, io) {
    const { values, positionals, help } = parseCommandArgs(
      argv,
      {
        json: { type: 'boolean' },
        'as-of': { type: 'string' },
        lang: { type: 'string' },
        xlsx: { type: 'string' },
        html: { type: 'string' },
      },
      { min: 1, max: 1 },
    );
    if (help) {
      io.stdout(usage);
      return 0;
    }
    const file = positionals[0]!;
    const lang = (values.lang as string | undefined) ?? 'ru';
    if (lang !== 'ru' && lang !== 'en') throw new UsageError(`--lang must be ru or en, got "${lang}".`);
    const asOfRaw = values['as-of'] as string | undefined;
    const asOf = asOfRaw !== undefined ? parseAsOf(asOfRaw) : undefined;
    for (const key of ['xlsx', 'html'] as const) {
      const out = values[key] as string | undefined;
      if (out !== undefined && out.trim() === '') throw new UsageError(`--${key} needs a file name.`);
    }

    const api = cliApi();
    try {
      // read-only: snapshot.open never writes, and store: false keeps the run out of the file
      await api.call('snapshot.open', { file: path.resolve(file), access: 'edit' });
      const report = await api.callCancellable('audit.run', { ...(asOf ? { asOf: asOf.toISOString() } : {}), store: false }, io.signal);
      const xlsx = values.xlsx as string | undefined;
      const html = values.html as string | undefined;
      if (xlsx) {
        await api.call('audit.export', { format: 'xlsx', lang: lang as AuditLang, ...(asOf ? { asOf: asOf.toISOString() } : {}), out: path.resolve(xlsx) });
        io.stderr(`XLSX written to ${path.resolve(xlsx)}\n`);
      }
      if (html) {
        await api.call('audit.export', { format: 'html', lang: lang as AuditLang, ...(asOf ? { asOf: asOf.toISOString() } : {}), out: path.resolve(html) });
        io.stderr(`HTML written to ${path.resolve(html)}\n`);
      }
      if (values.json) {
        const out = {
          asOf: report.asOf,
          windowStart: report.windowStart,
          account: report.account,
          findings: report.findings.map((f) => ({
            id: f.id,
            // a finding the snapshot has no data for is null, never 0
            count: f.notComputed ? null : f.count,
            ...(f.notComputed ? { notComputed: f.notComputed.en } : {}),
            ...(f.groups !== undefined ? { groups: f.groups } : {}),
            ...(f.total !== undefined ? { total: f.total } : {}),
            sampleIds: f.sampleIds,
          })),
          analytics: report.analytics,
          durationMs: report.durationMs,
        };
        io.stdout(`${JSON.stringify(out)}\n`);
      } else {
        io.stdout(formatTable(report, lang as AuditLang));
      }
      return 0;
    } finally {
      api.close();
    }
  },
};

/** An ISO moment as a person reads it, in UTC: 26.11.2026 07:05 UTC (ru) or 2026-11-26 07:05 UTC (en). */
function humanUtc(iso: string, lang: AuditLang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi] = m;
  return lang === 'ru' ? `${d}.${mo}.${y} ${h}:${mi} UTC` : `${y}-${mo}-${d} ${h}:${mi} UTC`;
}

export function formatTable(report: AuditReport, lang: AuditLang): string {
  const lines: string[] = [];
  // a share in per cent with one decimal, in the reader's number format ("2,8" in Russian)
  const pct = (fraction: number) => (fraction * 100).toFixed(1).replace('.', lang === 'ru' ? ',' : '.');
  const head = lang === 'ru' ? `Аудит ${report.account.name ?? ''} на ${humanUtc(report.asOf, lang)}` : `Audit of ${report.account.name ?? ''} as of ${humanUtc(report.asOf, lang)}`;
  lines.push(head, '');
  const idWidth = Math.max(...report.findings.map((f) => f.id.length));
  for (const f of report.findings) {
    const count = (f.notComputed ? '—' : String(f.count)).padStart(8);
    const extra = [f.groups !== undefined ? `${f.groups} ${lang === 'ru' ? 'гр.' : 'groups'}` : '', f.share !== undefined ? `${pct(f.share)} %` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`${f.id.padEnd(idWidth)}  ${count}  ${extra.padEnd(20)}  ${f.title[lang]}`);
  }
  const reason = report.findings.find((f) => f.notComputed)?.notComputed;
  if (reason) lines.push('', `— ${reason[lang]}`);
  lines.push('');
  lines.push(lang === 'ru' ? 'Год     создано  успешно     выручка  конв.   дн.   ср. чек' : 'Year    created      won     revenue  conv.  days  avg check');
  for (const y of report.analytics.years) {
    lines.push(
      `${y.year}  ${String(y.created).padStart(9)}  ${String(y.won).padStart(7)}  ${String(Math.round(y.revenue)).padStart(10)}  ${pct(y.conversion).padStart(4)}%  ${y.avgDurationDays.toFixed(0).padStart(4)}  ${String(Math.round(y.avgCheck)).padStart(9)}`,
    );
  }
  if (report.analytics.lossReasons.length > 0) {
    lines.push('', lang === 'ru' ? 'Причины отказа:' : 'Loss reasons:');
    for (const r of report.analytics.lossReasons) lines.push(`  ${pct(r.share).padStart(5)} %  ${r.name}`);
  }
  lines.push('', `${report.durationMs} ms`, '');
  return lines.join('\n');
}
