// runtime: node
/**
 * The anonymizer's two proofs, on a hand-made fixture snapshot full of edge cases and on the
 * fake's generated account: (1) the audit and the matcher give the same results on the copy
 * (computed here independently of the anonymizer's own check), and (2) no original value is
 * left anywhere in the copy's bytes (free pages included). The input stays byte-identical.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiObject, FixtureSet } from '../../../shared/amo/wire';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import { cleanNameText, isKnownGivenName } from '../../../shared/normalize/names';
import { analyzePhoneValue } from '../../../shared/normalize/phone';
import { isNoName } from '../audit/rules/define';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { smallAccount } from '../push/testing/test-helpers';
import { writeFixtureSnapshot } from '../snapshot/testing/fixture-file';
import { anonymizeSnapshot } from './copy';
import { Keys } from './keys';
import { Pseudonymizer } from './pseudonyms';
import { auditFigures, matchFigures } from './verify';

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const T = 1_700_000_000;
const cf = (id: number, code: string | null, type: string, values: string[]) => ({
  field_id: id,
  field_code: code,
  field_type: type,
  field_name: code ?? 'f',
  values: values.map((value) => ({ value, enum_code: code ? 'MOB' : undefined })),
});

/** smallAccount plus the values that are hard to pseudonymize without changing a figure. */
function edgeAccount(): FixtureSet {
  const set = smallAccount(8);
  const c = set.collections;
  c.companies_custom_fields = [
    { id: 201, name: 'Телефон', code: 'PHONE', type: 'multitext', sort: 1 },
    { id: 202, name: 'Email', code: 'EMAIL', type: 'multitext', sort: 2 },
    { id: 205, name: 'Адрес', code: 'ADDRESS', type: 'textarea', sort: 3 },
  ];
  c.contacts_custom_fields.push({ id: 206, name: 'Комментарий', code: null, type: 'textarea', sort: 5, is_deletable: true });
  const person = (id: number, name: string, phones: string[], emails: string[], extra: ApiObject[] = []): ApiObject => ({
    id,
    name,
    first_name: '',
    last_name: '',
    responsible_user_id: 1,
    created_at: T,
    updated_at: T,
    is_deleted: false,
    custom_fields_values: [cf(201, 'PHONE', 'multitext', phones), ...(emails.length ? [cf(202, 'EMAIL', 'multitext', emails)] : []), ...extra],
    _embedded: { tags: [], companies: [] },
  });
  c.contacts.push(
    person(5001, 'Петров Александр Иванович', ['8 (916) 123-45-67'], ['Alex.Petrov+crm@gmail.com']),
    person(5002, 'Саша Петров', ['+7 916 123 45 67', '+7 495 765-43-21 доб. 123'], ['alexpetrov@gmail.com']),
    person(5003, 'Aleksandr Petrov', ['89161234567; 8 921 000 11 22'], ['a.petrov@gmial.com']),
    person(5004, 'Петрова Ольга', ['8 921 000 11 22 или 8 (812) 555-12-12'], ['olga@romashka-trade.ru', 'нет почты']),
    person(5005, 'Ольга Пeтрова', ['12345'], ['olga@romashka-trade.ru'], [cf(206, null, 'textarea', ['звонить после 18, тел 8 903 111 22 33'])]),
    person(5006, 'Контакт без имени', ['+375 29 123-45-67'], []),
    person(5007, 'Иванов-Смирнов Пётр', ['8 916 765 43 21, 8 916 765 43 21'], ['IVANOV@Mail.ru']),
    person(5008, 'Ivanov-Smirnov Petr', ['+7 (916) 765-43-21'], ['ivanov@mail.ru']),
  );
  c.companies = [
    { id: 7001, name: 'ООО «Ромашка Трейд»', custom_fields_values: [cf(201, 'PHONE', 'multitext', ['8 (812) 555-12-12']), cf(205, 'ADDRESS', 'textarea', ['Санкт-Петербург, ул. Садовая, д. 5'])] },
    { id: 7002, name: 'Romashka Trade LLC', custom_fields_values: [cf(201, 'PHONE', 'multitext', ['+7 812 555 12 12']), cf(202, 'EMAIL', 'multitext', ['info@romashka-trade.ru'])] },
    { id: 7003, name: 'ИП Петров А. И.', custom_fields_values: [cf(202, 'EMAIL', 'multitext', ['Alex.Petrov+crm@gmail.com'])] },
    { id: 7004, name: 'Компания без названия', custom_fields_values: [] },
  ].map((co) => ({ ...co, responsible_user_id: 1, created_at: T, updated_at: T, is_deleted: false, _embedded: { tags: [], contacts: [] } }));
  c.leads.push({ id: 9001, name: 'Петров: окна в офис на Садовой', price: 1000, status_id: 101, pipeline_id: 10, responsible_user_id: 1, created_at: T, updated_at: T, _embedded: { contacts: [{ id: 5001, is_main: true }], companies: [] } });
  c.contacts_notes = [
    { id: 1, entity_id: 5001, note_type: 'common', created_by: 1, responsible_user_id: 1, created_at: T, updated_at: T, params: { text: 'Александр просил перезвонить на 8 916 123 45 67 после обеда' } },
    { id: 2, entity_id: 5002, note_type: 'call_in', created_by: 1, responsible_user_id: 1, created_at: T, updated_at: T, params: { uniq: 'u-1', duration: 30, source: 'telephony', link: 'https://rec.example/petrov.mp3', phone: '+79161234567' } },
  ];
  c.tasks.push({ id: 8001, entity_type: 'contacts', entity_id: 5003, responsible_user_id: 1, task_type_id: 1, text: 'Отправить КП Петрову на alexpetrov@gmail.com', is_completed: true, complete_till: T, result: { text: 'Отправлено Ольге Петровой' }, created_at: T, updated_at: T });
  c.events = [
    { id: 'e1', type: 'custom_field_value_changed', entity_type: 'contact', entity_id: 5004, created_by: 1, created_at: T, value_after: [{ custom_field_value: { field_id: 201, text: '8 921 000 11 22' } }], value_before: [] },
  ];
  return set;
}

/** Every value the copy must not contain, as byte strings; `numbers` adds the numbers' digits as E.164 and national digits. */
function originals(db: SqliteDb, numbers = false): string[] {
  const out = new Set<string>();
  const config = new Set((db.prepare('SELECT name FROM task_types UNION SELECT name FROM loss_reasons').all() as { name: string }[]).map((r) => r.name));
  for (const table of ['contacts', 'companies'] as const) {
    for (const { name } of db.prepare(`SELECT name FROM ${table} WHERE name IS NOT NULL`).all() as { name: string }[]) {
      // placeholders and names made only of given names from the public name table are kept on purpose
      if (isNoName(name) || cleanNameText(name) === '' || name.split(/\s+/).every((w) => isKnownGivenName(w))) continue;
      out.add(name);
    }
  }
  for (const { name } of db.prepare('SELECT name FROM leads WHERE name IS NOT NULL').all() as { name: string }[]) out.add(name);
  const values = db.prepare("SELECT field_code, value FROM field_values WHERE value IS NOT NULL AND field_code IN ('PHONE', 'EMAIL')").all() as {
    field_code: string;
    value: string;
  }[];
  for (const v of values) {
    if (v.field_code === 'PHONE') {
      out.add(v.value);
      if (numbers) {
        for (const n of analyzePhoneValue(v.value).numbers) {
          out.add(n.e164);
          out.add(n.e164.slice(-10)); // the national digits
        }
      }
    } else {
      for (const part of v.value.split(/[;,\s]+/)) if (part.includes('@')) out.add(part.toLowerCase());
    }
  }
  for (const { raw } of db.prepare('SELECT raw FROM notes').all() as { raw: string }[]) {
    const text = (JSON.parse(raw) as { params?: { text?: string } }).params?.text;
    if (text) out.add(text);
  }
  for (const t of db.prepare('SELECT text, result_text FROM tasks').all() as { text: string | null; result_text: string | null }[]) {
    // a task text that is a task type's name ("Замер") is account configuration, kept
    if (t.text && !config.has(t.text)) out.add(t.text);
    if (t.result_text && !config.has(t.result_text)) out.add(t.result_text);
  }
  return [...out].filter((s) => s.length >= 5);
}

/** Originals found in the file's bytes (UTF-8, and ASCII lower-cased for e-mails). */
function leftovers(file: string, values: string[]): string[] {
  const bytes = fs.readFileSync(file);
  const lower = Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1');
  return values.filter((v) => bytes.includes(Buffer.from(v, 'utf8')) || (/^[\x20-\x7e]+$/.test(v) && lower.includes(Buffer.from(v.toLowerCase(), 'latin1'))));
}

function proveCopy(input: string, output: string): void {
  const a = openSnapshotDb(input, { mode: 'readonly' });
  const b = openSnapshotDb(output, { mode: 'readonly' });
  try {
    // (1) the same audit: every finding's count, groups, flagged ids, numeric evidence; the same analytics
    const fa = auditFigures(a);
    const fb = auditFigures(b);
    expect(Object.keys(fb.findings).length).toBeGreaterThan(20);
    expect(fb.findings).toEqual(fa.findings);
    expect(fb.analytics).toBe(fa.analytics);
    // (1) the same duplicate groups for contacts and companies
    for (const entity of ['contacts', 'companies'] as const) {
      const ga = matchFigures(a, entity).groups;
      const gb = matchFigures(b, entity).groups;
      expect(gb.map((g) => g.ids)).toEqual(ga.map((g) => g.ids));
      gb.forEach((g, i) => expect(Math.abs(g.confidence - ga[i]!.confidence)).toBeLessThan(1e-3));
    }
    // (2) no original value in any byte of the copy
    const values = originals(a, true);
    expect(values.length).toBeGreaterThan(10);
    // a short number ("12345") also occurs by chance inside other digits of the copy: it must not be a value
    // of its own, neither a field value nor a JSON string in a card's raw payload
    const shortNumber = (v: string) => /^[\d\s()+-]{5,7}$/.test(v);
    expect(leftovers(output, values.filter((v) => !shortNumber(v)))).toEqual([]);
    for (const v of values.filter(shortNumber)) {
      expect(b.prepare('SELECT count(*) AS n FROM field_values WHERE value = ?').get(v)).toEqual({ n: 0 });
      expect(leftovers(output, [JSON.stringify(v)])).toEqual([]);
    }
  } finally {
    closeSnapshotDb(a);
    closeSnapshotDb(b);
  }
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-anonymize-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('anonymize: fixture snapshot with edge cases', () => {
  it('gives the same audit and duplicate groups, leaves no original value, and never touches the input', async () => {
    const input = path.join(dir, 'edge.amosweep');
    writeFixtureSnapshot(input, edgeAccount(), { finishedAt: new Date((T + 86_400) * 1000), notesMonths: 600 });
    // a "shapes not understood" report keeps example values (an item without an id, whole)
    const example = JSON.stringify({ name: 'Сидоров Виктор', custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+7 916 555 44 33' }] }] });
    const w = openSnapshotDb(input, { mode: 'readwrite' });
    w.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('shapes_not_understood', ?)").run(
      JSON.stringify([{ collection: 'contacts', kind: 'item_without_id', path: '', count: 1, example }]),
    );
    closeSnapshotDb(w);
    const before = sha256(input);
    // the scan would find the originals in the input itself: the test can fail
    const db = openSnapshotDb(input, { mode: 'readonly' });
    const values = originals(db);
    closeSnapshotDb(db);
    expect(leftovers(input, values).length).toBe(values.length);

    const output = path.join(dir, 'edge-anon.amosweep');
    const result = await anonymizeSnapshot(input, output);
    expect(result.verify?.differences).toEqual([]);
    expect(result.verify!.groups.contacts).toBeGreaterThan(0);
    expect(sha256(input)).toBe(before);
    proveCopy(input, output);
    expect(leftovers(output, ['Сидоров', '9165554433', '916 555 44 33'])).toEqual([]);
    expect(leftovers(input, ['Сидоров'])).toEqual(['Сидоров']);

    // the copy is refused as an overwrite target, and a second copy uses another secret
    await expect(anonymizeSnapshot(input, output)).rejects.toThrow(/already exists/);
    const second = path.join(dir, 'edge-anon-2.amosweep');
    await anonymizeSnapshot(input, second);
    const name = (file: string) => {
      const d = openSnapshotDb(file, { mode: 'readonly' });
      const row = d.prepare('SELECT name FROM contacts WHERE id = 5001').get() as { name: string };
      closeSnapshotDb(d);
      return row.name;
    };
    expect(name(second)).not.toBe(name(output));
    expect(sha256(input)).toBe(before);
  }, 120_000);
});

/**
 * A key with which the first draw of pseudonyms moves one pair of companies on the edge of the match
 * threshold across it ("РесурсПроект Плюс" / "РесурсПлюс": the matcher weighs its levels on random
 * pairs, so link probabilities move in the 5th decimal). Found by trying random keys on this account;
 * if a change of the matcher moves that edge, find another the same way (about 1 key in 5 hits one).
 */
const EDGE_SECRET = Buffer.from('2860ea7c7634f65699fafb251b0c0103c0254c6ab2ed741e077a07a60bc17ae7', 'hex');

describe('anonymize: the fake account', () => {
  const generated = generateAccount({ profile: 'reference', scale: 0.01, seed: 7, asOf: new Date('2020-12-31T00:00:00Z') });
  const input = () => path.join(dir, 'demo.amosweep');
  beforeAll(() => writeFixtureSnapshot(input(), generated.fixtures, { finishedAt: new Date('2020-12-31T00:00:00Z') }));

  it('gives the same audit and duplicate groups on the generated account, with no original value left (random keys)', async () => {
    const before = sha256(input());
    {
      const output = path.join(dir, 'demo-anon.amosweep');
      const result = await anonymizeSnapshot(input(), output);
      expect(result.verify?.differences).toEqual([]);
      expect(sha256(input())).toBe(before);
      proveCopy(input(), output);
    }
  }, 600_000);

  it('draws the pseudonyms again when a draw moves a pair across the match threshold, and refuses when no draw is left', async () => {
    const before = sha256(input());
    const refused = path.join(dir, 'demo-edge-refused.amosweep');
    await expect(anonymizeSnapshot(input(), refused, { secret: EDGE_SECRET, maxDraws: 1 })).rejects.toMatchObject({
      code: 'ANONYMIZE_FAILED',
      message: expect.stringMatching(/companies: duplicate groups differ/),
    });
    expect(fs.existsSync(refused)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);

    const steps: string[] = [];
    const output = path.join(dir, 'demo-edge.amosweep');
    const result = await anonymizeSnapshot(input(), output, { secret: EDGE_SECRET, onProgress: (s) => steps.push(s) });
    expect(result.verify?.draws).toBe(2);
    expect(result.verify?.differences).toEqual([]);
    expect(steps.filter((s) => s === 'redraw')).toHaveLength(1);
    expect(sha256(input())).toBe(before);
    proveCopy(input(), output);
  }, 600_000);
});

describe('anonymize: the fake account, wild profile', () => {
  it('keeps the figures of every field type, 10+ phones per card and 1 000-character values', async () => {
    const generated = generateAccount({ profile: 'wild', scale: 0.004, seed: 3, asOf: new Date('2020-12-31T00:00:00Z') });
    const input = path.join(dir, 'wild.amosweep');
    writeFixtureSnapshot(input, generated.fixtures, { finishedAt: new Date('2020-12-31T00:00:00Z') });
    const before = sha256(input);
    const output = path.join(dir, 'wild-anon.amosweep');
    const result = await anonymizeSnapshot(input, output, {});
    expect(result.verify?.differences).toEqual([]);
    expect(sha256(input)).toBe(before);
    proveCopy(input, output);
  }, 300_000);
});

describe('pseudonyms', () => {
  const p = new Pseudonymizer(new Keys(Buffer.alloc(32, 7)));
  for (const v of ['8 (916) 123-45-67', 'Петров', 'Alex.Petrov+crm@gmail.com']) {
    p.phoneValue(v.startsWith('8') ? v : '');
    p.nameWord('Петров');
    p.nameWord('Petrov');
  }
  p.finishCollecting();

  it('are stable inside a file and keep the phone format, country and type', () => {
    const a = p.phoneValue('8 (916) 123-45-67');
    expect(p.phoneValue('8 (916) 123-45-67')).toBe(a);
    expect(a).toMatch(/^8 \(916\) \d{3}-\d{2}-\d{2}$/);
    expect(a).not.toBe('8 (916) 123-45-67');
    expect(analyzePhoneValue(p.phoneValue('+7 916 123 45 67')).numbers[0]!.e164).toBe(analyzePhoneValue(a).numbers[0]!.e164);
  });

  it('keep one phonetic key for spellings of one name, and tell the spellings apart', () => {
    const cyr = p.nameWord('Петров');
    const lat = p.nameWord('Petrov');
    expect(cyr).not.toBe(lat);
    expect(cyr.toLowerCase().replace(/(.)\1+/g, '$1')).toBe(lat.toLowerCase().replace(/(.)\1+/g, '$1'));
    expect(cyr).toMatch(/^[A-Z][a-z]+$/);
    expect(p.nameWord('Александр')).toBe('Александр'); // a given name of the public table
  });

  it('map e-mails to the same canonical mailbox when the originals share one', () => {
    const a = p.mailAddress('Alex.Petrov+crm@gmail.com');
    const b = p.mailAddress('alexpetrov@gmail.com');
    expect(a.endsWith('@gmail.com')).toBe(true);
    expect(a.toLowerCase().replace(/\+.*@/, '@').replace(/\./g, '')).toBe(b.replace(/\./g, ''));
    expect(p.mailAddress('olga@romashka-trade.ru')).not.toContain('romashka');
  });
});
