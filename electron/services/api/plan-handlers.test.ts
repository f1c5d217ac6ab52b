// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { dispatch } from '../../../shared/api/dispatch';
import type { MergeGroupInfo, PlanExportResult, PlanFromIntentsResult, PlanOperationInfo } from '../../../shared/api/methods/plan';
import { closeSnapshotDb } from '../db/open';
import { pushPlan } from '../push/engine';
import { smallAccount, finishedSnapshotOf, tempFile, testClient } from '../push/testing/test-helpers';
import { createServices } from './create-services';

let dir: string;
let file: string;
let cleanup: () => void;
let fake: FakeAmoServer;
const fixtures = smallAccount(6);

beforeEach(async () => {
  const t = tempFile('plan.amosweep');
  file = t.file;
  cleanup = t.cleanup;
  dir = path.dirname(file);
  const db = finishedSnapshotOf(fixtures, file);
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('subdomain', 'okna')").run();
  closeSnapshotDb(db);
  fake = await startFakeAmo({ fixtures, rps: 0 });
});
afterEach(async () => {
  await fake.close();
  cleanup();
});

function services() {
  const { deps, handlers } = createServices({ transport: 'cli', dataDir: dir });
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await dispatch(handlers, name, input, { transport: 'cli' });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  return { deps, handlers, call };
}

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/**
 * Latin words in a workbook's text cells, outside HTTP requests ("PATCH /api/v4/leads"),
 * product names and the account's own data (its name, pipelines, reasons: Cyrillic in this fixture).
 */
function latinWordsIn(wb: ExcelJS.Workbook): string[] {
  const allow = new Set(['amocrm', 'id', 'amosweep', 'xlsx', 'okna' /* the account's subdomain */]);
  const out: string[] = [];
  for (const sheet of wb.worksheets) {
    sheet.eachRow((row, r) => {
      row.eachCell((cell, c) => {
        const text = typeof cell.value === 'string' ? cell.value : '';
        if (/^(GET|POST|PATCH|DELETE|PUT) \//.test(text)) return;
        if (/^[{[]/.test(text.trim())) out.push(`${sheet.name}!${r}:${c} JSON ${text.slice(0, 40)}`);
        for (const word of text.split(/[^A-Za-z_.@/\d-]+/)) {
          if (!/[A-Za-z]{2,}/.test(word) || /[@/\d]/.test(word) || allow.has(word.toLowerCase())) continue;
          if (/\.amosweep$/.test(word)) continue;
          out.push(`${sheet.name}!${r}:${c} ${word} in "${text.slice(0, 60)}"`);
        }
      });
    });
  }
  return out;
}

const column = (sheet: ExcelJS.Worksheet, header: string): number => {
  const row = sheet.getRow(1);
  for (let c = 1; c <= row.cellCount; c++) if (row.getCell(c).value === header) return c;
  throw new Error(`no column ${header} in ${sheet.name}`);
};

describe('plan methods for the Changes screen', () => {
  it('fix intents → plan (with a loss reason), and no plan without intents', async () => {
    const { deps, call } = services();
    await call('snapshot.open', { file });
    expect(await call<{ id: number; name: string }[]>('plan.lossReasons', {})).toEqual([
      { id: 5, name: 'Дорого' },
      { id: 6, name: 'Не дозвонились' },
    ]);
    expect(await call<PlanFromIntentsResult>('plan.fromIntents', {})).toMatchObject({ plan: null, operations: 0, intents: 0 });

    const intent = await call<{ entityCount: number }>('audit.fix', { findingId: 'leads.lost_without_reason' });
    expect(intent.entityCount).toBeGreaterThan(0);
    // without a reason the intent stays pending, with a note why
    const none = await call<PlanFromIntentsResult>('plan.fromIntents', {});
    expect(none).toMatchObject({ plan: null, intents: 0 });
    expect(none.notes.join(' ')).toContain('no reason');

    const made = await call<PlanFromIntentsResult>('plan.fromIntents', { reason: 'Дорого' });
    expect(made).toMatchObject({ intents: 1, operations: intent.entityCount });
    expect(made.plan).not.toBeNull();
    const ops = await call<PlanOperationInfo[]>('plan.operations', { plan: made.plan });
    expect(ops.map((o) => [o.kind, o.status])).toEqual(ops.map(() => ['fill.loss_reason', 'planned']));
    expect(ops[0]!.params).toMatchObject({ lossReasonId: 5 });
    // the intents are taken over: a second call adds nothing
    expect(await call<PlanFromIntentsResult>('plan.fromIntents', { reason: 'Дорого' })).toMatchObject({ plan: null, intents: 0 });
    const intents = await call<{ status: string }[]>('audit.fixIntents', {});
    expect(intents.map((i) => i.status)).toEqual(['planned']);
    deps.session.close();
  });

  it('exports a pushed plan as XLSX (summary, operations with results, batches, runs) and inline', async () => {
    const { deps, handlers, call } = services();
    await call('snapshot.open', { file });
    await call('audit.fix', { findingId: 'leads.lost_without_reason' });
    const made = await call<PlanFromIntentsResult>('plan.fromIntents', { reason: '6' });
    const plan = made.plan!;
    // one deal changed in amoCRM since the snapshot: a conflict in the export
    const ops = await call<PlanOperationInfo[]>('plan.operations', { plan });
    const changed = ops[0]!.entityId;
    await testClient(fake.url, fake.token).request({ method: 'PATCH', path: `/api/v4/leads/${changed}`, body: { name: 'changed meanwhile' } });
    const pushed = await pushPlan(deps.session.requireWritable().db, plan, { client: testClient(fake.url, fake.token) });
    expect(pushed).toMatchObject({ applied: ops.length - 1, skippedConflicts: 1, failed: 0 });

    const en = await call<PlanExportResult>('plan.export', { plan, format: 'xlsx', lang: 'en' });
    expect(en.dataUrl).toBeUndefined();
    expect(en.path).toBe(path.join(dir, 'exports', en.fileName));
    expect(en.fileName).toBe(`plan-${plan}-okna-en.xlsx`);
    const wb = await readBack(fs.readFileSync(en.path));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Operations', 'Batches', 'Push runs']);

    const summary = wb.getWorksheet('Summary')!;
    const pairs = new Map<string, unknown>();
    summary.eachRow((row) => pairs.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(pairs.get('Plan')).toBe(plan);
    expect(pairs.get('Status')).toBe('done');
    expect(pairs.get('Operations')).toBe(ops.length);
    expect(pairs.get('applied')).toBe(ops.length - 1);
    expect(pairs.get('conflict')).toBe(1);
    expect(pairs.get('fill.loss_reason')).toBe(ops.length);
    expect(pairs.get('Finished')).toBeInstanceOf(Date);

    const sheet = wb.getWorksheet('Operations')!;
    expect(sheet.rowCount).toBe(ops.length + 1);
    const [cId, cEntity, cStatus, cConflict, cBatch] = ['ID', 'Entity ID', 'Status', 'Conflict', 'Batch'].map((h) => column(sheet, h)) as [number, number, number, number, number];
    const rows = new Map<number, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(Number(row.getCell(cEntity).value), row);
    });
    const conflicted = rows.get(changed)!;
    expect(conflicted.getCell(cStatus).value).toBe('conflict');
    expect(String(conflicted.getCell(cConflict).value)).toContain('changed in amoCRM');
    for (const [id, row] of rows) {
      if (id === changed) continue;
      expect(row.getCell(cStatus).value).toBe('applied');
      expect(row.getCell(cConflict).value ?? '').toBe('');
      expect(Number(row.getCell(cBatch).value)).toBeGreaterThan(0);
      expect(Number(row.getCell(cId).value)).toBeGreaterThan(0);
    }

    const batches = wb.getWorksheet('Batches')!;
    expect(batches.rowCount).toBeGreaterThan(1);
    const bStatus = column(batches, 'Status');
    const bRequest = column(batches, 'Request');
    expect(batches.getRow(2).getCell(bStatus).value).toBe('confirmed');
    expect(String(batches.getRow(2).getCell(bRequest).value)).toMatch(/^PATCH \/api\/v4\/leads/);
    const runs = wb.getWorksheet('Push runs')!;
    expect(runs.getRow(2).getCell(column(runs, 'Status')).value).toBe('done');
    expect(Number(runs.getRow(2).getCell(column(runs, 'Requests')).value)).toBe(pushed.requests);

    // Russian, inline: the data URL carries the same file
    const ru = await call<PlanExportResult>('plan.export', { plan, lang: 'ru', inline: true });
    expect(ru.fileName).toBe(`plan-${plan}-okna-ru.xlsx`);
    expect(ru.dataUrl).toMatch(/^data:application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;base64,/);
    const inline = Buffer.from(ru.dataUrl!.split(',')[1]!, 'base64');
    expect(inline.equals(fs.readFileSync(ru.path))).toBe(true);
    const ruBook = await readBack(inline);
    expect(ruBook.worksheets.map((s) => s.name)).toEqual(['Сводка', 'Операции', 'Порции', 'Запуски']);
    expect(ruBook.getWorksheet('Операции')!.getRow(1).getCell(5).value).toBe('Статус');
    // issue 16 item 7: the Russian workbook has no English word, no raw JSON, no operation code
    expect(latinWordsIn(ruBook)).toEqual([]);

    // unknown plan
    const missing = await dispatch(handlers, 'plan.export', { plan: 999 }, { transport: 'cli' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    deps.session.close();
  });
});

describe('plan.add from the app', () => {
  it('adds the roles operations and refuses incomplete input with BAD_INPUT', async () => {
    const { call, handlers } = services();
    await call('snapshot.open', { file });
    const roles = await call<{ plan: number; operations: number }>('plan.add', { operation: 'roles.create', name: 'Менеджер опта' });
    expect(roles.operations).toBe(1);
    const ops = await call<PlanOperationInfo[]>('plan.operations', { plan: roles.plan });
    expect(ops.map((o) => o.kind)).toEqual(['roles.create']);
    for (const input of [{ operation: 'roles.create' }, { operation: 'fields.to_list' }]) {
      const r = await dispatch(handlers, 'plan.add', input, { transport: 'cli' });
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    // no accepted duplicate groups yet: merging adds nothing
    expect(await call<{ operations: number }>('plan.add', { operation: 'merge.accepted' })).toMatchObject({ operations: 0 });
  });
});

describe('one push run per plan, merges from the review, Fix intents', () => {
  it('refuses a second push of a plan while its run goes on, and allows one after it ended', async () => {
    const { call, handlers } = services();
    await call('snapshot.open', { file });
    const conn = await call<{ id: string }>('connect.token', { account: fake.url, token: fake.token });
    const added = await call<{ plan: number; operations: number }>('plan.add', { operation: 'fill.loss_reason', reason: 'Дорого' });
    expect(added.operations).toBeGreaterThan(0);
    const first = await dispatch(handlers, 'plan.push', { plan: added.plan, connectionId: conn.id }, { transport: 'cli' });
    const second = await dispatch(handlers, 'plan.push', { plan: added.plan, connectionId: conn.id }, { transport: 'cli' });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { messageCode: 'push.already_running', plan: added.plan } } });
    const jobId = first.ok ? (first.value as { jobId: string }).jobId : '';
    for (let i = 0; i < 200; i++) {
      const jobs = await call<{ id: string; status: string }[]>('jobs.list', {});
      if (jobs.find((j) => j.id === jobId)?.status === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const plans = await call<{ id: number; byStatus: Record<string, number> }[]>('plan.list', {});
    expect(plans.find((p) => p.id === added.plan)!.byStatus).toEqual({ applied: added.operations });
    // the run ended: the plan can be pushed again (it has nothing left to send)
    expect((await dispatch(handlers, 'plan.push', { plan: added.plan, connectionId: conn.id }, { transport: 'cli' })).ok).toBe(true);
  });

  it('the audit\'s "Merge duplicates" intent plans the accepted groups, stays pending without them, and can be removed', async () => {
    const { call, deps } = services();
    await call('snapshot.open', { file });
    const intent = await call<{ id: number; operation: string }>('audit.fix', { findingId: 'duplicates.phone' });
    expect(intent.operation).toBe('merge.contacts');
    // Fix twice: one intent
    expect((await call<{ id: number }>('audit.fix', { findingId: 'duplicates.phone' })).id).toBe(intent.id);
    expect(await call<unknown[]>('audit.fixIntents', {})).toHaveLength(1);
    const none = await call<PlanFromIntentsResult>('plan.fromIntents', {});
    expect(none).toMatchObject({ plan: null, messages: [{ code: 'intent.no_accepted_groups', params: { id: intent.id } }] });
    expect(none.notes[0]).toContain('no accepted duplicate groups');

    // a decision of the review: 1001 survives, 1004 is merged into it, with the name chosen in the review
    deps.session
      .requireWritable()
      .db.prepare("INSERT INTO match_decisions (entity_type, kind, member_ids, survivor_id, loser_ids, field_choices, source, created_at) VALUES ('contacts', 'merge', '[1001,1004]', 1001, '[1004]', ?, 'review', 1)")
      .run(JSON.stringify({ name: { from: 1004, values: ['Иван Петров'] } }));
    expect(await call<MergeGroupInfo[]>('plan.mergeGroups', {})).toMatchObject([{ state: 'accepted', survivor: { id: 1001 }, losers: [{ id: 1004 }], choices: [{ field: '@name', value: 'Иван Петров' }] }]);
    const made = await call<PlanFromIntentsResult>('plan.fromIntents', {});
    expect(made.intents).toBe(1);
    const ops = await call<PlanOperationInfo[]>('plan.operations', { plan: made.plan! });
    expect(ops[0]).toMatchObject({ kind: 'merge.survivor', entityId: 1001, source: 'merge:contacts:1001' });
    expect(ops[0]!.changes).toContainEqual(expect.objectContaining({ field: '@name', after: 'Иван Петров' }));
    expect(await call<MergeGroupInfo[]>('plan.mergeGroups', {})).toMatchObject([{ state: 'planned', plan: made.plan }]);
    // planned already: the app's "plan the merges" adds nothing more
    expect(await call<{ operations: number }>('plan.add', { operation: 'merge.accepted' })).toMatchObject({ operations: 0 });

    // a pending intent can be removed; a planned one cannot
    const other = await call<{ id: number }>('audit.fix', { findingId: 'leads.lost_without_reason' });
    expect(await call('audit.removeFixIntent', { id: other.id })).toEqual({ removed: true });
    expect((await call<{ id: number }[]>('audit.fixIntents', {})).map((i) => i.id)).toEqual([intent.id]);
    const r = await dispatch(services().handlers, 'audit.removeFixIntent', { id: intent.id }, { transport: 'cli' });
    expect(r.ok).toBe(false);
  });
});

describe('the plan export in Russian', () => {
  it('words kinds, statuses and entity types in Russian and shows the values before and after', async () => {
    const { call } = services();
    await call('snapshot.open', { file });
    const added = await call<{ plan: number; operations: number }>('plan.add', { operation: 'fill.loss_reason', reason: 'Дорого' });
    const ru = await call<PlanExportResult>('plan.export', { plan: added.plan, lang: 'ru' });
    const book = await readBack(fs.readFileSync(ru.path));
    const sheet = book.getWorksheet('Операции')!;
    const row = sheet.getRow(2);
    expect(row.getCell(column(sheet, 'Операция')).value).toBe('Указать причину отказа');
    expect(row.getCell(column(sheet, 'Статус')).value).toBe('запланирована');
    expect(row.getCell(column(sheet, 'Было')).value).toBe('Причина отказа: —');
    expect(row.getCell(column(sheet, 'Станет')).value).toBe('Причина отказа: Дорого');
    const summary = book.getWorksheet('Сводка')!;
    const keys: string[] = [];
    summary.eachRow((r) => keys.push(String(r.getCell(1).value)));
    expect(keys).toContain('Указать причину отказа');
    expect(keys).toContain('запланирована');
    expect(keys).not.toContain('fill.loss_reason');
  });
});

