// runtime: node
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../services/db/migrations/index';
import { closeSnapshotDb, openSnapshotDb } from '../../services/db/open';
import type { CliIo } from '../command';
import { runCli } from '../main';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-cli-match-'));
  dirs.push(d);
  return d;
};

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, signal: new AbortController().signal };
  const code = await runCli(argv, io);
  return { code, out, err };
}

const card = (id: number, name: string, phone: string) => ({ id, name, custom_fields_values: [{ field_code: 'PHONE', field_name: 'Телефон', values: [{ value: phone }] }] });
const cards = [
  ...Array.from({ length: 40 }, (_, k) => card(100 + k, `Фамилия${k} Имя${k}`, `+7 916 ${String(1000000 + k * 7919).slice(0, 7)}`)),
  card(1, 'Иванов Иван', '89123456789'),
  card(2, 'Ваня Иванов', '+7 912 345-67-89'),
];

describe('amosweep match', () => {
  it('prints groups as JSON, singletons left out', async () => {
    const dir = tmp();
    const file = path.join(dir, 'contacts.jsonl');
    fs.writeFileSync(file, cards.map((c) => JSON.stringify(c)).join('\n'));
    const r = await cli(['match', '--contacts', file, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { groups: number[][]; seconds: number };
    expect(json.groups).toEqual([[1, 2]]);
    expect(json.seconds).toBeGreaterThanOrEqual(0);
  });

  it.each([
    [['match']],
    [['match', '--contacts', 'a.jsonl', '--companies', 'b.jsonl']],
    [['match', '--contacts', '/no/such/file.jsonl']],
    [['match', '--contacts', '/no/such/file.jsonl', '--preset', 'wild']],
    [['match', '--bogus']],
    [['duplicates']],
    [['duplicates', '/no/such.amosweep']],
  ])('exits 2 on bad arguments: %j', async (argv) => {
    expect((await cli(argv)).code).toBe(2);
  });

  it('duplicates reads a snapshot and prints contacts and companies', async () => {
    const dir = tmp();
    const file = path.join(dir, 's.amosweep');
    const db = openSnapshotDb(file, { mode: 'create' });
    const ins = db.prepare('INSERT INTO contacts (id, name, raw) VALUES (?, ?, ?)');
    for (const c of cards) ins.run(c.id, c.name, JSON.stringify(c));
    closeSnapshotDb(db);
    const r = await cli(['duplicates', file, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { contacts: { groups: number[][] }; companies: { groups: number[][] } };
    expect(json.contacts.groups).toEqual([[1, 2]]);
    expect(json.companies.groups).toEqual([]);
  });
});

describe('amosweep duplicates through match.compute (read-only)', () => {
  const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('reads a snapshot of an older schema at its own schema: never upgraded, byte-identical, no side files', async () => {
    const dir = tmp();
    const file = path.join(dir, 'old.amosweep');
    // schema 2: before match decisions existed
    const db = openSnapshotDb(file, { mode: 'create', migrations: MIGRATIONS.slice(0, 2) });
    const ins = db.prepare('INSERT INTO contacts (id, name, raw) VALUES (?, ?, ?)');
    for (const c of cards) ins.run(c.id, c.name, JSON.stringify(c));
    closeSnapshotDb(db);
    // the app's own read-only open refuses it (it would have to be upgraded)
    expect(() => openSnapshotDb(file, { mode: 'readonly' })).toThrow(/older AmoSweep/);
    const before = sha(file);
    const r = await cli(['duplicates', file, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { contacts: { groups: number[][] } }).contacts.groups).toEqual([[1, 2]]);
    expect(sha(file)).toBe(before);
    expect(['-wal', '-shm', '-journal', '.lock'].filter((s) => fs.existsSync(file + s))).toEqual([]);
  });

  it('Ctrl-C before the work starts cancels the job: exit 1 with CANCELLED, nothing printed on stdout', async () => {
    const dir = tmp();
    const file = path.join(dir, 'c.amosweep');
    closeSnapshotDb(openSnapshotDb(file, { mode: 'create' }));
    let out = '';
    let err = '';
    const abort = new AbortController();
    abort.abort();
    const code = await runCli(['duplicates', file], { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, signal: abort.signal });
    expect(code).toBe(1);
    expect(err).toContain('[CANCELLED]');
    expect(out).toBe('');
  });

  it('a rules file that is not JSON is the command\'s error (exit 1), named as before', async () => {
    const dir = tmp();
    const file = path.join(dir, 'r.amosweep');
    closeSnapshotDb(openSnapshotDb(file, { mode: 'create' }));
    const rules = path.join(dir, 'rules.json');
    fs.writeFileSync(rules, '{ not json');
    const r = await cli(['duplicates', file, '--contacts-rules', rules]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^amosweep duplicates: (?!\[)/);
  });
});
