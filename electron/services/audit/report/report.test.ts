// runtime: node
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAudit } from '../run';
import { addContact, addField, addFieldValue, addLead, addStandardFields, createTestSnapshot, type TestSnapshot } from '../testing/test-snapshot';
import { renderAuditHtml } from './html';
import { labels, money, pct } from './labels';
import { buildAuditWorkbook, sheetName } from './xlsx';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
  const db = snap.db;
  addStandardFields(db);
  db.prepare("INSERT INTO account (id, name, subdomain, raw) VALUES (1, '<script>alert(1)</script> & Co', 'x', '{}')").run();
  addField(db, 'leads', 7, 'Откуда контакт', 'select');
  addContact(db, { id: 1, name: 'Ёлка <b>', phones: ['89123456789'] });
  addContact(db, { id: 2, name: '', phones: ['+79123456789'] });
  for (let i = 1; i <= 4; i++) addLead(db, { id: i, status: 143, contacts: [1] });
  addFieldValue(db, 'leads', 1, 7, 'Сайт');
});
afterEach(() => snap.cleanup());

describe('reports', () => {
  it('HTML: both languages, the reference chapters, a recommendation under each finding, escaped names', () => {
    const run = runAudit(snap.db, { asOf: new Date('2021-01-01T00:00:00Z') });
    const ru = renderAuditHtml(run.report, 'ru');
    const en = renderAuditHtml(run.report, 'en');
    expect(ru).toContain('<html lang="ru">');
    for (const h of ['1. Общие показатели', '2. Пользователи, права и роли', '3. Интеграции', '4. Общие выводы', '5. Аналитика по продажам']) expect(ru).toContain(h);
    for (const h of ['1. Account overview', '2. Users, rights and roles', '3. Integrations', '4. General findings', '5. Sales analytics']) expect(en).toContain(h);
    expect(ru).not.toContain('<script>alert(1)</script>');
    expect(ru).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    const blocks = ru.split('class="finding ').length - 1;
    expect(blocks).toBe(run.report.findings.filter((f) => !f.id.startsWith('account.')).length);
    expect(ru.split('<b>Рекомендация:</b>').length - 1).toBe(blocks);
    // evidence: the key field's fill rate, in words
    expect(ru).toMatch(/Откуда контакт \(сделки\): заполнено 25 %/);
    expect(en).toMatch(/Откуда контакт \(deals\): filled 25 %/);
    expect(ru).not.toMatch(/<script\b/);
  });

  it('XLSX: a summary, analytics sheets and one sheet per finding with its entities', async () => {
    const run = runAudit(snap.db, { asOf: new Date('2021-01-01T00:00:00Z') });
    const wb = await buildAuditWorkbook(snap.db, run, 'ru');
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(await wb.xlsx.writeBuffer());
    const names = back.worksheets.map((w) => w.name);
    expect(names.slice(0, 4)).toEqual(['Сводка', 'По годам', 'Причины отказа', 'Менеджеры']);
    expect(back.getWorksheet('Сводка')!.rowCount).toBe(run.report.findings.length + 1);
    const title = (id: string) => run.report.findings.find((f) => f.id === id)!.title.ru.slice(0, 31);
    const lost = back.getWorksheet(title('leads.lost_without_reason'))!;
    expect(lost.getRow(1).values).toEqual([undefined, 'Тип', 'ID', 'Название', 'Подробности']);
    expect(lost.rowCount).toBe(5);
    const noname = back.getWorksheet(title('noname.contacts'))!;
    expect(noname.getRow(2).getCell(2).value).toBe(2);
    const dup = back.getWorksheet(title('duplicates.phone'))!;
    expect([dup.getRow(2).getCell(4).value, dup.getRow(3).getCell(4).value]).toEqual(['Ёлка <b>', '']);
    expect(dup.getRow(2).getCell(2).value).toBe('Контакт');
    // issue 16 item 7: no English word in the Russian workbook (the Summary's first column holds the findings' codes)
    const latin: string[] = [];
    back.eachSheet((sheet) => {
      if (/[A-Za-z]{2,}/.test(sheet.name)) latin.push(`sheet name ${sheet.name}`);
      sheet.eachRow((row, r) => {
        row.eachCell((cell, c) => {
          if (sheet.name === 'Сводка' && c === 1) return;
          for (const word of String(typeof cell.value === 'string' ? cell.value : '').split(/[^A-Za-z@.\d_-]+/)) {
            if (/[A-Za-z]{2,}/.test(word) && !/[@\d]/.test(word) && !['amoCRM', 'ID', 'SMS', 'CRM', 'API', 'e-mail', 'E.164', 'RU', 'Co', 'roistat', 'Roistat', 'Email' /* the account's field name */].includes(word)) {
              latin.push(`${sheet.name}!${r}:${c} ${word}`);
            }
          }
        });
      });
    });
    expect(latin).toEqual([]);
  });

  it('Russian HTML: numbers in the Russian format ("25 %", decimals with a comma), as in the UI', () => {
    snap.db.prepare("UPDATE leads SET status_id = 142, price = 1500 WHERE id = 1").run();
    const run = runAudit(snap.db, { asOf: new Date('2021-01-01T00:00:00Z') });
    const ru = renderAuditHtml(run.report, 'ru');
    const en = renderAuditHtml(run.report, 'en');
    expect(ru).not.toMatch(/\d\.\d+ %/);
    expect(en).not.toMatch(/\d,\d+ %/);
    expect(ru).toMatch(/\d %/);
    // the helpers every figure goes through
    expect(pct(0.018, 'ru')).toBe('1,8 %');
    expect(pct(0.018, 'en')).toBe('1.8 %');
    expect(pct(0.25, 'ru')).toBe('25 %');
    expect(money(1_800_000, 'ru')).toBe('1,8 млн');
    expect(labels('ru').stagesLine('Продажи', 3)).toBe('Продажи: 3 рабочих этапа');
    expect(labels('ru').stagesLine('Продажи', 21)).toBe('Продажи: 21 рабочий этап');
  });

  it('sheet names stay within Excel rules', () => {
    const used = new Set<string>();
    expect(sheetName('a/b:c*d?e[f]g\\h', used)).toBe('a_b_c_d_e_f_g_h');
    const long = 'x'.repeat(40);
    expect(sheetName(long, used)).toHaveLength(31);
    expect(sheetName(long, used)).toBe(`${'x'.repeat(29)}~2`);
  });
});
