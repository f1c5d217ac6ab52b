// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSnapshotDb } from '../../services/db/open';
import {
  addContact,
  addLead,
  addStandardFields,
  addUser,
  createTestSnapshot,
  setFinishedAt,
  type TestSnapshot,
} from '../../services/audit/testing/test-snapshot';
import { captureIo } from '../testing/test-io';
import { runCli } from '../main';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
  const db = snap.db;
  addStandardFields(db);
  setFinishedAt(db, new Date('2020-12-31T00:00:00Z'));
  db.prepare("INSERT INTO account (id, name, subdomain, raw) VALUES (1, 'Тест «Окна»', 'okna', '{}')").run();
  db.prepare("INSERT INTO loss_reasons (id, name, raw) VALUES (1, 'Дорого', '{}'), (2, 'Не дозвонились', '{}')").run();
  addUser(db, { id: 1, admin: true });
  addContact(db, { id: 1, name: 'Иван', phones: ['89123456789'] });
  addContact(db, { id: 2, name: '', phones: ['+7 912 345-67-89, 89221112233'] });
  addContact(db, { id: 3, name: 'Пётр' });
  addLead(db, { id: 1, status: 142, price: 1000, createdAt: Date.parse('2020-01-01') / 1000, closedAt: Date.parse('2020-01-11') / 1000, contacts: [1] });
  addLead(db, { id: 2, status: 143, lossReason: 1, createdAt: Date.parse('2020-02-01') / 1000, closedAt: Date.parse('2020-02-02') / 1000 });
  addLead(db, { id: 3, status: 143, lossReason: 2, createdAt: Date.parse('2020-02-01') / 1000, closedAt: Date.parse('2020-02-02') / 1000 });
  addLead(db, { id: 4, status: 10, createdAt: Date.parse('2020-03-01') / 1000 });
  closeSnapshotDb(db);
});
afterEach(() => snap.cleanup());

const io = (): ReturnType<typeof captureIo> => captureIo();

describe('amosweep audit', () => {
  it('--json prints findings with counts, groups and sample ids, and the analytics', async () => {
    const t = io();
    expect(await runCli(['audit', snap.file, '--json'], t.io)).toBe(0);
    const out = JSON.parse(t.out.join('')) as {
      findings: { id: string; count: number; groups?: number; sampleIds: (number | string)[] }[];
      analytics: { years: { year: number; created: number; won: number; revenue: number; conversion: number; avgDurationDays: number; avgCheck: number }[]; lossReasons: { name: string; share: number }[] };
      asOf: string;
    };
    const byId = new Map(out.findings.map((f) => [f.id, f]));
    expect(byId.get('account.contacts')?.count).toBe(3);
    expect(byId.get('duplicates.phone')).toMatchObject({ count: 2, groups: 1, sampleIds: [1, 2] });
    expect(byId.get('stuffed.phone')?.count).toBe(1);
    expect(byId.get('noname.contacts')?.sampleIds).toEqual([2]);
    expect(byId.get('leads.active_without_task')?.count).toBe(1);
    expect(out.asOf).toBe('2020-12-31T00:00:00.000Z');
    expect(out.analytics.years).toEqual([
      { year: 2020, created: 4, won: 1, revenue: 1000, conversion: 0.25, avgDurationDays: 10, avgCheck: 1000, lost: 2 },
    ]);
    expect(out.analytics.lossReasons.map((r) => [r.name, r.share])).toEqual([
      ['Дорого', 0.5],
      ['Не дозвонились', 0.5],
    ]);
  });

  it('--as-of moves the windows; a readable table without --json', async () => {
    const t = io();
    expect(await runCli(['audit', snap.file, '--as-of', '2020-06-01', '--lang', 'en'], t.io)).toBe(0);
    const text = t.out.join('');
    expect(text).toContain('as of 2020-06-01 00:00 UTC');
    expect(text).toMatch(/duplicates\.phone\s+2\s+1 groups/);
    expect(text).toContain('Duplicates by phone');
    const ru = io();
    expect(await runCli(['audit', snap.file, '--as-of', '2020-06-01T09:30:00Z'], ru.io)).toBe(0);
    expect(ru.out.join('')).toContain('Аудит Тест «Окна» на 01.06.2020 09:30 UTC');
    // shares in the reader's number format: "2,8 %" in Russian, "2.8 %" in English
    expect(ru.out.join('')).toMatch(/\d,\d %/);
    expect(ru.out.join('')).not.toMatch(/\d\.\d %/);
    expect(text).toMatch(/\d\.\d %/);
  });

  it('bad arguments exit 2, a bad file exits 1 with a clear message', async () => {
    for (const args of [['audit'], ['audit', snap.file, '--lang', 'de'], ['audit', snap.file, '--as-of', 'yesterday'], ['audit', snap.file, '--nope']]) {
      const t = io();
      expect(await runCli(args, t.io), args.join(' ')).toBe(2);
      expect(t.err.join('')).toContain('Usage: amosweep audit');
    }
    const missing = io();
    expect(await runCli(['audit', path.join(path.dirname(snap.file), 'nope.amosweep')], missing.io)).toBe(1);
    expect(missing.err.join('')).toMatch(/not found/i);
    const junk = path.join(path.dirname(snap.file), 'junk.amosweep');
    fs.writeFileSync(junk, 'this is not a database at all, just text'.repeat(10));
    const bad = io();
    expect(await runCli(['audit', junk], bad.io)).toBe(1);
    expect(bad.err.join('')).toContain('not an AmoSweep snapshot');
  });

  it('never writes to the snapshot', async () => {
    const before = fs.readFileSync(snap.file);
    expect(await runCli(['audit', snap.file, '--json'], io().io)).toBe(0);
    expect(fs.readFileSync(snap.file).equals(before)).toBe(true);
  });

  it('--xlsx and --html write the reports; the XLSX reads back', async () => {
    const dir = path.dirname(snap.file);
    const xlsx = path.join(dir, 'audit.xlsx');
    const html = path.join(dir, 'audit.html');
    const t = io();
    expect(await runCli(['audit', snap.file, '--json', '--xlsx', xlsx, '--html', html, '--lang', 'en'], t.io)).toBe(0);
    // it says where it wrote (stderr: stdout stays the JSON)
    expect(t.err.join('')).toContain(`XLSX written to ${path.resolve(xlsx)}`);
    expect(t.err.join('')).toContain(`HTML written to ${path.resolve(html)}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const summary = wb.worksheets[0]!;
    expect(summary.name).toBe('Summary');
    const rows = new Map<string, number>();
    summary.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), Number(row.getCell(4).value));
    });
    expect(rows.get('duplicates.phone')).toBe(2);
    expect(rows.get('account.leads')).toBe(4);
    const dup = wb.getWorksheet('duplicates.phone')!;
    expect(dup.rowCount).toBe(3);
    expect(dup.getRow(2).values).toEqual([undefined, 1, 'Contact', 1, 'Иван', '89123456789']);
    expect(wb.getWorksheet('noname.contacts')!.getRow(2).getCell(2).value).toBe(2);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Duplicates by phone');
    expect(page).toContain('5. Sales analytics');
    expect(page).toContain('Тест «Окна»');
  });
});
