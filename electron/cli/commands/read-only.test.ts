// runtime: node
/**
 * Read-only and refused commands never change the snapshot file (sha256 before and after,
 * and no side file left: -wal, -shm, -journal, .lock); bad files are refused as "not an
 * AmoSweep snapshot" and never given a schema; push and rollback check the account and the
 * connection before anything is written.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { closeSnapshotDb, openSnapshotDb } from '../../services/db/open';
import { addOperations, openPlanId } from '../../services/plan/store';
import { setMeta } from '../../services/snapshot/runner';
import { smallAccount, snapshotOf } from '../../services/push/testing/test-helpers';
import { runCli } from '../main';
import { captureIo } from '../testing/test-io';
import { buildFillLossReason } from '../../services/push/testing/builds';

let fake: FakeAmoServer;
let dir: string;
let tokenFile: string;
let badTokenFile: string;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(12), rps: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-ro-'));
  tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, fake.token);
  badTokenFile = path.join(dir, 'bad-token');
  fs.writeFileSync(badTokenFile, 'not-a-valid-token-0123456789');
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const sideFiles = (file: string) => ['-wal', '-shm', '-journal', '.lock'].filter((s) => fs.existsSync(file + s));

async function cli(args: string[]) {
  const c = captureIo();
  const code = await runCli(args, c.io);
  return { code, stdout: c.out.join(''), stderr: c.err.join('') };
}

/** a snapshot with a plan of 12 operations, meta as a real snapshot has it */
function planned(name: string, meta: Record<string, string | number> = {}): string {
  const file = path.join(dir, name);
  const db = snapshotOf(smallAccount(12), file);
  addOperations(db, openPlanId(db), buildFillLossReason(db, { reason: 'Дорого' }));
  for (const [k, v] of Object.entries({ status: 'complete', ...meta })) setMeta(db, k, v);
  closeSnapshotDb(db);
  return file;
}

/** runs a command and proves the file is byte-identical with no side file left */
async function unchanged(file: string, args: string[]) {
  const before = sha(file);
  const r = await cli(args);
  expect(sha(file), `${args.join(' ')} changed the file`).toBe(before);
  expect(sideFiles(file), `${args.join(' ')} left side files`).toEqual([]);
  return r;
}

describe('read-only commands leave the file byte-identical', () => {
  it('open, audit, plan show/checklist/suggest, push --dry-run, duplicates', async () => {
    const file = planned('ro.amosweep');
    for (const args of [
      ['open', file],
      ['open', file, '--json'],
      ['audit', file, '--json'],
      ['plan', 'show', file],
      ['plan', 'show', file, '--json'],
      ['plan', 'checklist', file],
      ['plan', 'suggest', file],
      ['push', file, '--dry-run'],
      ['push', file, '--dry-run', '--json'],
      ['duplicates', file, '--json'],
    ]) {
      const r = await unchanged(file, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  }, 120_000);

  it('usage errors and connection errors leave it byte-identical; a failed connection records nothing in the plan', async () => {
    const file = planned('refused.amosweep');
    const cases: [string[], number, RegExp][] = [
      [['plan', 'add', file, 'fill.loss_reason'], 2, /needs --reason/],
      [['plan', 'add', file, 'no.such.operation'], 2, /./],
      [['plan', 'add', file, 'fill.loss_reason', '--reason', 'Нет такой причины'], 1, /./],
      [['plan', 'add', file, 'merge'], 2, /merge needs --accepted/],
      [['push', file], 2, /--url is required/],
      [['push', file, '--url', fake.url], 2, /A token is required/],
      [['push', file, '--url', fake.url, '--token-file', path.join(dir, 'missing')], 2, /--token-file: cannot read/],
      [['push', file, '--url', fake.url, '--token-file', tokenFile, '--rps', '99'], 2, /--rps must be/],
      [['push', file, '--url', fake.url, '--token-file', badTokenFile], 1, /\[AMO_AUTH\]/],
      [['push', file, '--url', 'http://127.0.0.1:9', '--token-file', tokenFile], 1, /\[NETWORK\]/],
      [['rollback', file, '--url', fake.url, '--token-file', tokenFile], 2, /--plan is required/],
      [['push', file, '--wait', 'x'], 2, /./],
      [['snapshot', file, '--url', fake.url, '--token-file', tokenFile], 1, /already a complete snapshot|is a snapshot of/],
    ];
    const beforeRequests = Number(fake.stats().requests);
    for (const [args, code, message] of cases) {
      const r = await unchanged(file, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    // the only requests that reached amoCRM were the account checks (GET /api/v4/account)
    const byRoute = fake.stats().byRoute as Record<string, number>;
    expect(Number(fake.stats().requests) - beforeRequests).toBe(byRoute['GET /api/v4/account'] ?? 0);
    const db = openSnapshotDb(file, { mode: 'readonly' });
    expect(db.prepare('SELECT count(*) AS n FROM push_runs').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT status FROM plans').all()).toEqual([{ status: 'open' }]);
    closeSnapshotDb(db);
  }, 180_000);
});

describe('push and rollback check the account', () => {
  it('a plan from another account is refused before anything is sent, by base URL or by account id', async () => {
    const metas: Record<string, string | number>[] = [{ base_url: 'https://other.amocrm.ru' }, { account_id: 999_999 }];
    for (const meta of metas) {
      fake.reset();
      const file = planned(`other-${Object.keys(meta)[0]}.amosweep`, meta);
      for (const cmd of [['push', file], ['rollback', file, '--plan', '1']]) {
        const r = await unchanged(file, [...cmd, '--url', fake.url, '--token-file', tokenFile]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/\[CONFLICT\] .* is a snapshot of (https:\/\/other\.amocrm\.ru, not of http:\/\/127\.0\.0\.1|account 999999, but the token belongs to account \d+)/);
      }
      const byRoute = fake.stats().byRoute as Record<string, number>;
      expect(Object.keys(byRoute).filter((k) => !k.startsWith('GET /api/v4/account'))).toEqual([]);
    }
  }, 120_000);
});

describe('bad files are refused as "not an AmoSweep snapshot", never given a schema', () => {
  function badFiles(): Record<string, string> {
    const zero = path.join(dir, 'zero.amosweep');
    fs.writeFileSync(zero, '');
    const empty = path.join(dir, 'empty.amosweep');
    const e = new Database(empty);
    e.exec('CREATE TABLE t (x); DROP TABLE t;');
    e.close();
    const foreign = path.join(dir, 'foreign.amosweep');
    const f = new Database(foreign);
    f.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'mine\');');
    f.close();
    return { zero, empty, foreign };
  }

  it('every command, snapshot --refresh included, refuses and leaves them byte-identical', async () => {
    const requests = Number(fake.stats().requests);
    for (const [kind, file] of Object.entries(badFiles())) {
      expect(fs.statSync(file).size > 0).toBe(kind !== 'zero');
      for (const args of [
        ['open', file],
        ['audit', file],
        ['plan', 'show', file],
        ['plan', 'checklist', file],
        ['plan', 'add', file, 'normalize.phones'],
        ['push', file, '--dry-run'],
        ['push', file, '--url', fake.url, '--token-file', tokenFile],
        ['duplicates', file],
        ['snapshot', file, '--refresh', '--url', fake.url, '--token-file', tokenFile],
        ['snapshot', file, '--url', fake.url, '--token-file', tokenFile],
      ]) {
        const r = await unchanged(file, args);
        expect(r.code, `${kind}: ${args.join(' ')}: ${r.stderr}`).toBe(1);
        expect(r.stderr, `${kind}: ${args.join(' ')}`).toMatch(/not an AmoSweep snapshot/);
      }
    }
    // snapshot --refresh of a file that is not there refuses too, and creates nothing
    const missing = path.join(dir, 'missing.amosweep');
    const r = await cli(['snapshot', missing, '--refresh', '--url', fake.url, '--token-file', tokenFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing to refresh/);
    expect(fs.existsSync(missing)).toBe(false);
    // nothing was asked of amoCRM but account checks
    const byRoute = fake.stats().byRoute as Record<string, number>;
    expect(Number(fake.stats().requests) - requests).toBeLessThanOrEqual(byRoute['GET /api/v4/account'] ?? 0);
  }, 120_000);
});
