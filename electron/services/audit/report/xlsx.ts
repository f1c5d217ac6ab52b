// runtime: node
/** XLSX export: a summary sheet, analytics sheets, and one sheet per finding with its flagged entities. */
import ExcelJS from 'exceljs';
import type { AuditLang } from '../../../../shared/audit/types';
import type { SqliteDb } from '../../db/open';
import { describeRefs, flaggedRefs } from '../entities';
import type { AuditRun } from '../run';
import { wordAuditDetail, wordAuditName } from '../../../../shared/messages/audit-rows';
import { labels } from './labels';
import { styleHeader } from '../../xlsx/header';

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique. */
export function sheetName(id: string, used: Set<string>): string {
  const base = id.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  used.add(name.toLowerCase());
  return name;
}

export async function buildAuditWorkbook(db: SqliteDb, run: AuditRun, lang: AuditLang): Promise<ExcelJS.Workbook> {
  const t = labels(lang);
  const { report } = run;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'AmoSweep';
  wb.created = new Date(report.generatedAt);
  const used = new Set<string>();

  const summary = wb.addWorksheet(sheetName(t.summary, used));
  summary.columns = [
    { header: t.id, key: 'id', width: 28 },
    { header: t.finding, key: 'title', width: 44 },
    { header: t.severity, key: 'severity', width: 12 },
    { header: t.count, key: 'count', width: 10 },
    { header: t.groups, key: 'groups', width: 8 },
    { header: t.total, key: 'total', width: 10 },
    { header: t.share, key: 'share', width: 9 },
    { header: t.recommendation, key: 'recommendation', width: 80 },
  ];
  styleHeader(summary);
  for (const f of report.findings) {
    summary.addRow({
      id: f.id,
      title: f.title[lang],
      severity: t.severities[f.severity],
      count: f.count,
      groups: f.groups ?? null,
      total: f.total ?? null,
      share: f.share ?? null,
      recommendation: f.recommendation[lang],
    });
  }
  summary.getColumn('share').numFmt = '0.0%';

  const years = wb.addWorksheet(sheetName(t.years, used));
  years.columns = [
    { header: t.year, key: 'year', width: 8 },
    { header: t.created, key: 'created', width: 14 },
    { header: t.won, key: 'won', width: 10 },
    { header: t.revenue, key: 'revenue', width: 16 },
    { header: t.conversion, key: 'conversion', width: 12 },
    { header: t.avgDuration, key: 'avgDurationDays', width: 18 },
    { header: t.avgCheck, key: 'avgCheck', width: 14 },
  ];
  styleHeader(years);
  for (const y of report.analytics.years) years.addRow(y);
  years.getColumn('conversion').numFmt = '0.0%';

  const loss = wb.addWorksheet(sheetName(t.lossReasons, used));
  loss.columns = [
    { header: t.reason, key: 'name', width: 40 },
    { header: t.count, key: 'count', width: 10 },
    { header: t.share, key: 'share', width: 10 },
  ];
  styleHeader(loss);
  for (const r of report.analytics.lossReasons) loss.addRow(r);
  loss.getColumn('share').numFmt = '0.0%';

  const managers = wb.addWorksheet(sheetName(t.managers, used));
  managers.columns = [
    { header: t.manager, key: 'name', width: 30 },
    { header: t.tasksDone, key: 'tasksDone', width: 14 },
    { header: t.calls, key: 'calls', width: 10 },
    { header: t.meetings, key: 'meetings', width: 10 },
    { header: t.deals, key: 'deals', width: 10 },
    { header: t.won, key: 'won', width: 10 },
    { header: t.conversion, key: 'conversion', width: 12 },
    { header: t.revenue, key: 'revenue', width: 16 },
  ];
  styleHeader(managers);
  for (const m of report.analytics.managers) managers.addRow(m);
  managers.getColumn('conversion').numFmt = '0.0%';

  for (const f of report.findings) {
    const result = run.results.get(f.id);
    if (!result || f.flaggedCount === 0 || f.id.startsWith('account.')) continue;
    // Russian sheets are named by the finding's title (a finding's id is a code, not a word)
    const sheet = wb.addWorksheet(sheetName(lang === 'ru' ? f.title.ru : f.id, used));
    const grouped = result.groupList !== undefined;
    sheet.columns = [
      ...(grouped ? [{ header: t.group, key: 'group', width: 8 }] : []),
      { header: t.type, key: 'entityType', width: 14 },
      { header: 'ID', key: 'id', width: 14 },
      { header: t.name, key: 'name', width: 40 },
      { header: t.detail, key: 'detail', width: 60 },
    ];
    styleHeader(sheet);
    for (const row of describeRefs(db, flaggedRefs(result), result.groupList)) {
      sheet.addRow({
        ...(row.group !== undefined ? { group: row.group } : {}),
        entityType: t.entityTypes[row.entityType] ?? row.entityType,
        // composite ids ("contacts:310010" for a field) keep only the id: the type is in its own column
        id: typeof row.id === 'string' && row.id.includes(':') ? row.id.slice(row.id.indexOf(':') + 1) : row.id,
        name: wordAuditName(row.entityType, row.name, lang),
        detail: row.detailRef ? wordAuditDetail(row.detailRef, lang) : row.detail,
      });
    }
  }
  return wb;
}

export async function writeAuditXlsx(db: SqliteDb, run: AuditRun, lang: AuditLang, file: string): Promise<void> {
  const wb = await buildAuditWorkbook(db, run, lang);
  await wb.xlsx.writeFile(file);
}
