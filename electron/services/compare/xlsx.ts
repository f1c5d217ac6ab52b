// runtime: node
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { AuditLang } from '../../../shared/audit/types';
import type { CompareReport } from '../../../shared/compare/types';
import { styleHeader } from '../xlsx/header';

const L = {
  ru: {
    summary: 'Сводка', findings: 'Находки', groups: 'Группы дублей', changes: 'Изменения', history: 'Здоровье',
    item: 'Показатель', old: 'Было', now: 'Стало', delta: 'Разница', finding: 'Находка', severity: 'Важность', file: 'Файл', account: 'Аккаунт',
    taken: 'Снят', health: 'Индекс здоровья', kind: 'Что', entity: 'Сущность', ids: 'ID', names: 'Имена', newGroup: 'новая', resolved: 'решена',
    type: 'Тип события', user: 'Пользователь', count: 'Событий', changed: 'Изменено',
  },
  en: {
    summary: 'Summary', findings: 'Findings', groups: 'Duplicate groups', changes: 'Changes', history: 'Health',
    item: 'Item', old: 'Then', now: 'Now', delta: 'Change', finding: 'Finding', severity: 'Severity', file: 'File', account: 'Account',
    taken: 'Taken', health: 'Health score', kind: 'What', entity: 'Entity', ids: 'Ids', names: 'Names', newGroup: 'new', resolved: 'resolved',
    type: 'Event type', user: 'User', count: 'Events', changed: 'Changed',
  },
} as const;

const when = (t: number | null) => (t ? new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 16) : '');

export function buildCompareWorkbook(report: CompareReport, lang: AuditLang): ExcelJS.Workbook {
  const t = L[lang];
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet(t.summary);
  summary.addRow([t.item, t.old, t.now]);
  summary.addRow([t.file, report.old.file, report.new.file]);
  summary.addRow([t.account, report.old.accountName ?? report.old.subdomain ?? '', report.new.accountName ?? report.new.subdomain ?? '']);
  summary.addRow([t.taken, when(report.old.finishedAt), when(report.new.finishedAt)]);
  summary.addRow([t.health, report.old.health, report.new.health]);
  styleHeader(summary);
  const findings = wb.addWorksheet(t.findings);
  findings.addRow([t.finding, 'id', t.severity, t.old, t.now, t.delta]);
  for (const f of report.findings) findings.addRow([f.title[lang], f.id, f.severity, f.before, f.after, f.delta]);
  styleHeader(findings);
  const groups = wb.addWorksheet(t.groups);
  groups.addRow([t.kind, t.entity, t.ids, t.names]);
  for (const g of report.newGroups) groups.addRow([t.newGroup, g.entity, g.ids.join(', '), g.names.join('; ')]);
  for (const g of report.resolvedGroups) groups.addRow([t.resolved, g.entity, g.ids.join(', '), g.names.join('; ')]);
  styleHeader(groups);
  const changes = wb.addWorksheet(t.changes);
  changes.addRow([t.entity, t.old, t.now, t.delta]);
  for (const c of report.changes.counts) changes.addRow([c.entity, c.before, c.after, c.after - c.before]);
  changes.addRow([]);
  changes.addRow([t.type, t.count]);
  for (const e of report.changes.byType) changes.addRow([e.type, e.count]);
  changes.addRow([]);
  changes.addRow([t.user, t.count]);
  for (const u of report.changes.byUser) changes.addRow([u.name, u.count]);
  changes.addRow([]);
  changes.addRow([t.entity, t.user, t.changed]);
  for (const u of report.changes.updatedBy) changes.addRow([u.entity, u.name, u.count]);
  styleHeader(changes);
  const history = wb.addWorksheet(t.history);
  history.addRow([t.taken, t.file, t.health]);
  for (const h of report.history) history.addRow([when(h.finishedAt), h.file, h.health]);
  styleHeader(history);
  return wb;
}

/** Writes the workbook next to its target and renames it into place: no half-written file. */
export async function writeCompareXlsx(report: CompareReport, lang: AuditLang, file: string): Promise<void> {
  const tmp = `${file}.partial-${process.pid}`;
  try {
    await buildCompareWorkbook(report, lang).xlsx.writeFile(tmp);
    fs.renameSync(tmp, file);
  } finally {
    if (fs.existsSync(tmp)) fs.rmSync(tmp, { force: true });
  }
}
