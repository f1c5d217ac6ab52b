// runtime: node
/**
 * A token without admin rights: amoCRM answers GET /api/v4/users with 403 (docs/amocrm-api.md
 * §13, [DOC-RU crm_platform/users-api]; the fake does the same: fake-amocrm/README.md, users
 * route). The snapshot records it, the audit marks the user findings "not computed" (never 0),
 * Connect says an admin token is needed, and the CLI says it too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { createServices } from '../api/create-services';
import { runAudit } from '../audit/run';
import { createAmoClient } from '../amo/client';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { smallAccount } from '../push/testing/test-helpers';
import { runCli } from '../../cli/main';
import { captureIo } from '../../cli/testing/test-io';
import { runSnapshot } from './runner';

let fake: FakeAmoServer;
let dir: string;
let managerToken: string;
beforeAll(async () => {
  const fixtures = smallAccount(6);
  fixtures.collections.users = [
    ...(fixtures.collections.users ?? []),
    { id: 2, name: 'Менеджер', email: 'm@x.ru', rights: { is_admin: false, is_active: true, leads: { delete: 'A' } } },
  ];
  fake = await startFakeAmo({ fixtures, rps: 0 });
  managerToken = fake.issueToken(2);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-nonadmin-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const client = (token: string) => createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => token }, unlimited: true });

describe('a token without admin rights', () => {
  it('the fake answers its users request with 403, as amoCRM does', async () => {
    const r = await fetch(`${fake.url}/api/v4/users`, { headers: { Authorization: `Bearer ${managerToken}` } });
    expect(r.status).toBe(403);
  });

  it('the snapshot records that users could not be read; the audit marks the user findings not computed; an admin refresh clears it', async () => {
    const file = path.join(dir, 'manager.amosweep');
    const result = await runSnapshot({ client: client(managerToken), file, appVersion: 'test' });
    expect(result.usersReadable).toBe(false);
    let db = openSnapshotDb(file, { mode: 'readonly' });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'warning_users'").get()).toBeTruthy();
    const findings = runAudit(db).report.findings;
    closeSnapshotDb(db);
    for (const id of ['users.admins', 'users.can_delete', 'users.inactive', 'account.users']) {
      const f = findings.find((x) => x.id === id);
      expect(f?.notComputed?.en, id).toMatch(/Not computed: amoCRM refused the list of users \(403\)\. An admin token is needed/);
      expect(f?.notComputed?.ru, id).toMatch(/токен администратора/);
    }
    expect(findings.find((x) => x.id === 'leads.lost_without_reason')?.notComputed).toBeUndefined();

    // the CLI audit shows null (not 0) and says why
    const c = captureIo();
    expect(await runCli(['audit', file, '--json'], c.io)).toBe(0);
    const json = JSON.parse(c.out.join('')) as { findings: { id: string; count: number | null; notComputed?: string }[] };
    expect(json.findings.find((f) => f.id === 'users.admins')).toMatchObject({ count: null, notComputed: expect.stringMatching(/admin token/) });
    const t = captureIo();
    expect(await runCli(['audit', file, '--lang', 'en'], t.io)).toBe(0);
    expect(t.out.join('')).toMatch(/users\.admins\s+—/);
    expect(t.out.join('')).toMatch(/An admin token is needed/);

    // the same file refreshed with an admin's token reads the users and clears the mark
    const again = await runSnapshot({ client: client(fake.token), file, appVersion: 'test', refresh: true });
    expect(again.usersReadable).toBe(true);
    db = openSnapshotDb(file, { mode: 'readonly' });
    const after = runAudit(db).report.findings;
    closeSnapshotDb(db);
    expect(after.find((x) => x.id === 'users.admins')).toMatchObject({ count: 1 });
    expect(after.find((x) => x.id === 'users.admins')?.notComputed).toBeUndefined();
  }, 60_000);

  it('the CLI snapshot warns on stderr and --json says usersReadable: false', async () => {
    const tokenFile = path.join(dir, 'manager-token');
    fs.writeFileSync(tokenFile, managerToken);
    const c = captureIo();
    const code = await runCli(['snapshot', path.join(dir, 'cli.amosweep'), '--url', fake.url, '--token-file', tokenFile, '--json'], c.io);
    expect(code).toBe(0);
    expect(c.err.join('')).toMatch(/refused the list of users \(403\): this token has no admin rights.*"not computed"/);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ usersReadable: false });
  }, 60_000);

  it('Connect tells the app that an admin token is needed for the users', async () => {
    const { handlers } = createServices({ transport: 'web', dataDir: dir });
    const manager = await dispatch(handlers, 'connect.token', { account: fake.url, token: managerToken }, { transport: 'web' });
    expect(manager).toMatchObject({ ok: true, value: { usersReadable: false } });
    const admin = await dispatch(handlers, 'connect.token', { account: fake.url, token: fake.token }, { transport: 'web' });
    expect(admin).toMatchObject({ ok: true, value: { usersReadable: true } });
  });
});
