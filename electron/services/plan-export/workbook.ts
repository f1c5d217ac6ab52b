// runtime: node
/**
 * The Changes screen's XLSX export: one change plan as a workbook with the sheets
 * Summary (the plan, counts per status and kind, push runs), Operations (every operation
 * with its status, result, conflict and error) and Batches (the push journal).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { batchesOfPlan, batchOfOperations, runsOfPlan } from '../plan/journal';
import { getPlan, listOperations, planSummary } from '../plan/store';
import { withChanges } from '../push/changes';
import { wordReason, wordSource } from '../../../shared/messages/push-reasons';
import { EXPORT_WORDS } from './words';
import type { SqliteDb } from '../db/open';
import { styleHeader } from '../xlsx/header';
import { readMeta } from '../snapshot/meta';

export type PlanExportLang = 'ru' | 'en';

const LABELS = {
  en: {
    summary: 'Summary',
    operations: 'Operations',
    batches: 'Batches',
    runs: 'Push runs',
    field: 'Field',
    value: 'Value',
    plan: 'Plan',
    kind: 'Kind',
    forward: 'forward',
    rollback: 'rollback',
    rollbackOf: 'Rollback of plan',
    status: 'Status',
    title: 'Title',
    createdAt: 'Created',
    startedAt: 'Started',
    finishedAt: 'Finished',
    total: 'Operations',
    byStatus: 'Operations by status',
    byKind: 'Operations by kind',
    count: 'Count',
    id: 'ID',
    operation: 'Operation',
    entityType: 'Entity type',
    entityId: 'Entity ID',
    source: 'Source',
    batch: 'Batch',
    conflict: 'Conflict',
    error: 'Error',
    note: 'Note',
    result: 'Result (JSON)',
    params: 'Parameters (JSON)',
    name: 'Name',
    before: 'Before',
    after: 'After',
    attempts: 'Attempts',
    sentAt: 'Sent',
    confirmedAt: 'Confirmed',
    request: 'Request',
    requests: 'Requests',
    rejected429: '429 answers',
    account: 'Account',
    snapshot: 'Snapshot file',
    exportedAt: 'Exported',
  },
  ru: {
    summary: 'Сводка',
    operations: 'Операции',
    batches: 'Порции',
    runs: 'Запуски',
    field: 'Поле',
    value: 'Значение',
    plan: 'План',
    kind: 'Вид',
    forward: 'изменения',
    rollback: 'откат',
    rollbackOf: 'Откат плана',
    status: 'Статус',
    title: 'Название',
    createdAt: 'Создан',
    startedAt: 'Начат',
    finishedAt: 'Завершён',
    total: 'Операций',
    byStatus: 'Операции по статусам',
    byKind: 'Операции по видам',
    count: 'Количество',
    id: 'ID',
    operation: 'Операция',
    entityType: 'Тип сущности',
    entityId: 'ID сущности',
    source: 'Источник',
    batch: 'Порция',
    conflict: 'Конфликт',
    error: 'Ошибка',
    note: 'Примечание',
    result: 'Результат (JSON)',
    params: 'Технические параметры (JSON)',
    name: 'Название',
    before: 'Было',
    after: 'Станет',
    attempts: 'Попыток',
    sentAt: 'Отправлена',
    confirmedAt: 'Подтверждена',
    request: 'Запрос',
    requests: 'Запросов',
    rejected429: 'Ответов 429',
    account: 'Аккаунт',
    snapshot: 'Файл снимка',
    exportedAt: 'Выгружено',
  },
} as const;

/** The push journal's batch states (pending → sent → confirmed, or failed). */
const BATCH_STATUS_RU: Record<string, string> = { pending: 'ожидает', sent: 'отправлена', confirmed: 'подтверждена', failed: 'ошибка' };

/** Unix seconds → a Date cell (Excel shows it as a date-time), or empty. */
const when = (seconds: number | null | undefined): Date | null =>
  typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : null;


/** Excel cells hold at most 32 767 characters. */
const clip = (s: string): string => (s.length > 32_000 ? `${s.slice(0, 32_000)}…` : s);

function detail(result: unknown, key: 'reason' | 'error'): string {
  if (result === null || typeof result !== 'object') return '';
  const v = (result as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
}

function meta(db: SqliteDb, key: string): string | null {
  return readMeta(db, key);
}

export async function buildPlanWorkbook(db: SqliteDb, planId: number, lang: PlanExportLang, options: { file?: string } = {}): Promise<ExcelJS.Workbook> {
  const t = LABELS[lang];
  const plan = planSummary(db, getPlan(db, planId));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'AmoSweep';
  wb.created = new Date();

  // Summary: key/value rows, then counts by status and by kind
  const summary = wb.addWorksheet(t.summary);
  summary.columns = [
    { header: t.field, key: 'k', width: 28 },
    { header: t.value, key: 'v', width: 48 },
  ];
  const account = meta(db, 'subdomain') ?? meta(db, 'account_name');
  const rows: [string, string | number | Date | null][] = [
    [t.plan, plan.id],
    [t.kind, plan.kind === 'rollback' ? t.rollback : t.forward],
    ...(plan.rollbackOf !== null ? ([[t.rollbackOf, plan.rollbackOf]] as [string, number][]) : []),
    [t.status, lang === 'ru' ? EXPORT_WORDS.ru.status[plan.status] : plan.status],
    ...(plan.title ? ([[t.title, plan.title]] as [string, string][]) : []),
    [t.createdAt, when(plan.createdAt)],
    [t.startedAt, when(plan.startedAt)],
    [t.finishedAt, when(plan.finishedAt)],
    [t.total, plan.operations],
    ...(account ? ([[t.account, account]] as [string, string][]) : []),
    ...(options.file ? ([[t.snapshot, options.file]] as [string, string][]) : []),
    [t.exportedAt, new Date()],
  ];
  for (const [k, v] of rows) {
    const row = summary.addRow({ k, v });
    if (v instanceof Date) row.getCell('v').numFmt = 'yyyy-mm-dd hh:mm:ss';
  }
  summary.addRow({});
  summary.addRow({ k: t.byStatus, v: t.count }).font = { bold: true };
  const ruWords: { kinds: Record<string, string>; opStatus: Record<string, string> } = EXPORT_WORDS.ru;
  for (const [s, n] of Object.entries(plan.byStatus)) summary.addRow({ k: lang === 'ru' ? (ruWords.opStatus[s] ?? s) : s, v: n });
  summary.addRow({});
  summary.addRow({ k: t.byKind, v: t.count }).font = { bold: true };
  for (const [k, n] of Object.entries(plan.byKind)) summary.addRow({ k: lang === 'ru' ? (ruWords.kinds[k] ?? k) : k, v: n });
  summary.getColumn('v').alignment = { horizontal: 'left' };
  styleHeader(summary);

  // Operations: one row each, with the conflict or error spelled out
  const ops = wb.addWorksheet(t.operations);
  const words = EXPORT_WORDS[lang];
  const kindWords: Record<string, string> = words.kinds;
  const statusWords: Record<string, string> = words.opStatus;
  const fieldWords: Record<string, string> = words.fields;
  const fieldWord = (field: string): string => (field.startsWith('@') ? (fieldWords[field.slice(1)] ?? field.slice(1)) : field);
  ops.columns = [
    { header: t.id, key: 'id', width: 9 },
    { header: t.operation, key: 'kind', width: 20 },
    { header: t.entityType, key: 'entityType', width: 14 },
    { header: t.entityId, key: 'entityId', width: 12 },
    { header: t.status, key: 'status', width: 14 },
    { header: t.name, key: 'name', width: 28 },
    { header: t.before, key: 'before', width: 40 },
    { header: t.after, key: 'after', width: 40 },
    { header: t.source, key: 'source', width: 34 },
    { header: t.batch, key: 'batch', width: 8 },
    { header: t.conflict, key: 'conflict', width: 40 },
    { header: t.error, key: 'error', width: 40 },
    { header: t.note, key: 'note', width: 40 },
  ];
  const batchOf = batchOfOperations(db, planId);
  const PAGE = 5000;
  for (let offset = 0; ; offset += PAGE) {
    const page = withChanges(db, listOperations(db, planId, { offset, limit: PAGE }));
    for (const o of page) {
      const side = (k: 'before' | 'after') => (o.changes ?? []).map((c) => `${fieldWord(c.field)}: ${c[k] === '' ? '—' : c[k]}`).join('\n');
      const reason = wordReason(detail(o.result, 'reason'), lang);
      const error = detail(o.result, 'error');
      ops.addRow({
        id: o.id,
        kind: lang === 'ru' ? (kindWords[o.kind] ?? o.kind) : o.kind,
        entityType: lang === 'ru' ? (words.entities[o.entityType as keyof typeof words.entities] ?? o.entityType) : o.entityType,
        entityId: o.entityId,
        status: lang === 'ru' ? (statusWords[o.status] ?? o.status) : o.status,
        name: o.entityName ?? '',
        before: side('before'),
        after: side('after'),
        source: lang === 'ru' ? wordSource(o.source, 'ru') : (o.source ?? ''),
        batch: batchOf.get(o.id) ?? null,
        conflict: o.status === 'conflict' ? reason : '',
        error: error || (o.status === 'failed' ? reason : ''),
        note: o.status !== 'conflict' && o.status !== 'failed' ? reason : '',
      });
    }
    if (page.length < PAGE) break;
  }
  ops.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ops.columns.length } };
  styleHeader(ops);

  // Batches: the push journal (pending → sent → confirmed)
  const batches = wb.addWorksheet(t.batches);
  batches.columns = [
    { header: t.id, key: 'id', width: 9 },
    { header: t.operation, key: 'kind', width: 20 },
    { header: t.entityType, key: 'entityType', width: 14 },
    { header: t.status, key: 'status', width: 11 },
    { header: t.total, key: 'operations', width: 10 },
    { header: t.attempts, key: 'attempts', width: 9 },
    { header: t.createdAt, key: 'createdAt', width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { header: t.sentAt, key: 'sentAt', width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { header: t.confirmedAt, key: 'confirmedAt', width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { header: t.error, key: 'error', width: 40 },
    { header: t.request, key: 'request', width: 60 },
  ];
  {
    const list = batchesOfPlan(db, planId);
    for (const b of list) {
      let request = '';
      if (b.request) {
        try {
          const r = JSON.parse(b.request) as { method?: unknown; path?: unknown };
          request = typeof r.method === 'string' && typeof r.path === 'string' ? `${r.method} ${r.path}` : clip(b.request);
        } catch {
          request = clip(b.request);
        }
      }
      batches.addRow({
        id: b.id,
        kind: lang === 'ru' ? (kindWords[b.kind] ?? b.kind) : b.kind,
        entityType: lang === 'ru' ? (words.entities[b.entity_type as keyof typeof words.entities] ?? b.entity_type) : b.entity_type,
        status: lang === 'ru' ? (BATCH_STATUS_RU[b.status] ?? b.status) : b.status,
        operations: b.operations,
        attempts: b.attempts,
        createdAt: when(b.created_at),
        sentAt: when(b.sent_at),
        confirmedAt: when(b.confirmed_at),
        error: b.error ?? '',
        request,
      });
    }
  }
  styleHeader(batches);

  // Push runs: requests sent and 429s per run
  const runs = wb.addWorksheet(t.runs);
  runs.columns = [
    { header: t.id, key: 'id', width: 9 },
    { header: t.status, key: 'status', width: 11 },
    { header: t.startedAt, key: 'startedAt', width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { header: t.finishedAt, key: 'finishedAt', width: 20, style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } },
    { header: t.requests, key: 'requests', width: 10 },
    { header: t.rejected429, key: 'rejected429', width: 12 },
    { header: t.error, key: 'error', width: 40 },
  ];
  {
    for (const r of runsOfPlan(db, planId)) {
      runs.addRow({
        id: r.id,
        status: lang === 'ru' ? ((EXPORT_WORDS.ru.status as Record<string, string>)[r.status] ?? r.status) : r.status,
        startedAt: when(r.started_at),
        finishedAt: when(r.finished_at),
        requests: r.requests,
        rejected429: r.rejected429,
        error: r.error ?? '',
      });
    }
  }
  styleHeader(runs);
  return wb;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Writes the plan's workbook to `<dataDir>/exports/plan-<id>-<account>-<lang>.xlsx`. */
export async function exportPlanXlsx(
  db: SqliteDb,
  planId: number,
  options: { dataDir: string; lang: PlanExportLang; inline: boolean; snapshotFile?: string },
): Promise<{ path: string; fileName: string; dataUrl?: string }> {
  const wb = await buildPlanWorkbook(db, planId, options.lang, options.snapshotFile ? { file: options.snapshotFile } : {});
  const dir = path.join(options.dataDir, 'exports');
  fs.mkdirSync(dir, { recursive: true });
  const who = (meta(db, 'subdomain') ?? 'account').replace(/[^\p{L}\p{N}_-]+/gu, '_');
  const fileName = `plan-${planId}-${who}-${options.lang}.xlsx`;
  const file = path.join(dir, fileName);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  fs.writeFileSync(file, bytes);
  return { path: file, fileName, ...(options.inline ? { dataUrl: `data:${XLSX_MIME};base64,${bytes.toString('base64')}` } : {}) };
}
