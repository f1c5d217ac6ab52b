// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { dispatch } from '../../../shared/api/dispatch';
import type { JobState } from '../../../shared/api/jobs';
import type { BrowseRow, ConnectionInfo, EntityDetail, SnapshotFileInfo, SnapshotInfo } from '../../../shared/api/methods/snapshot';
import type { Result } from '../../../shared/api/result';
import { stopDemoServer } from '../connections/demo';
import { syntheticAccount } from '../snapshot/testing/synthetic-account';
import { createServices } from './create-services';

const SIZE = { contacts: 300, companies: 120, leads: 260, tasks: 80, notesPerEntity: 1, now: Math.floor(Date.now() / 1000) };
let fake: FakeAmoServer;
let dataDir: string;
let services: ReturnType<typeof createServices>;
const seen: string[] = [];

async function call<T>(method: string, input: unknown): Promise<Result<T>> {
  const r = (await dispatch(services.handlers, method, input, { transport: 'cli' })) as Result<T>;
  seen.push(JSON.stringify(r));
  return r;
}
async function value<T>(method: string, input: unknown): Promise<T> {
  const r = await call<T>(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: syntheticAccount(SIZE), rps: 0, accountRps: 0 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-handlers-'));
  services = createServices({ transport: 'cli', dataDir });
});
afterAll(async () => {
  services.deps.session.close();
  await services.deps.jobs.shutdown();
  await fake.close();
  await stopDemoServer();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('snapshot handlers through dispatch', () => {
  let conn: ConnectionInfo;
  let file: string;

  it('connect.token validates the token, stores it as a secret and never returns it', async () => {
    conn = await value<ConnectionInfo>('connect.token', { account: fake.url, token: fake.token });
    expect(conn).toMatchObject({ baseUrl: fake.url, accountId: 1, accountName: 'Синтетический аккаунт', auth: 'long-lived', isDemo: false, subdomain: 'synthetic' });
    expect(await value<ConnectionInfo[]>('connect.list', {})).toEqual([conn]);
    expect(await services.deps.secrets.get(`connection:${conn.id}:token`)).toBe(fake.token);
    const bad = await call('connect.token', { account: fake.url, token: 'not-the-right-token-123' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'AMO_AUTH' } });
    expect(JSON.stringify(bad)).not.toContain('not-the-right-token-123');
  });

  it('connect.oauth exchanges the code and keeps the tokens on the main side', async () => {
    const info = await value<ConnectionInfo>('connect.oauth', {
      account: fake.url,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      code: fake.authCode,
      redirectUri: 'https://example.com/oauth',
    });
    expect(info).toMatchObject({ auth: 'oauth', accountId: 1 });
    const stored = JSON.parse((await services.deps.secrets.get(`connection:${info.id}:oauth`))!) as { accessToken: string; refreshToken: string };
    for (const s of seen) {
      expect(s).not.toContain(stored.accessToken);
      expect(s).not.toContain(stored.refreshToken);
      expect(s).not.toContain(fake.clientSecret);
    }
    expect(await value('connect.forget', { connectionId: info.id })).toEqual({ forgotten: true });
    expect(await services.deps.secrets.get(`connection:${info.id}:oauth`)).toBeNull();
  });

  it('snapshot.start runs a job into the data folder; snapshot.files lists it with an invalid neighbour', async () => {
    const started = await value<{ jobId: string; file: string }>('snapshot.start', { connectionId: conn.id });
    file = started.file;
    expect(path.dirname(file)).toBe(dataDir);
    expect(path.basename(file)).toMatch(/^synthetic-\d{4}-\d\d-\d\d-\d{4}\.amosweep$/);
    const done = await services.deps.jobs.wait(started.jobId);
    expect(done.status).toBe('done');
    expect(done.steps.map((s) => s.key)).toContain('contacts');
    expect(done.steps.every((s) => s.status === 'done')).toBe(true);
    expect((done.result as { counts: Record<string, number> }).counts.contacts).toBe(SIZE.contacts);
    fs.writeFileSync(path.join(dataDir, 'broken.amosweep'), 'garbage garbage garbage garbage');
    const files = await value<SnapshotFileInfo[]>('snapshot.files', {});
    expect(files.find((f) => f.file === file)).toMatchObject({ valid: true, subdomain: 'synthetic', accountName: 'Синтетический аккаунт' });
    expect(files.find((f) => f.name === 'broken.amosweep')).toMatchObject({ valid: false });
    expect(files.find((f) => f.name === 'broken.amosweep')!.problem).toMatch(/not an AmoSweep snapshot/);
  });

  it('snapshot.open opens read-only; browse.rows and browse.entity read it', async () => {
    expect(await call('browse.rows', { entity: 'contacts' })).toMatchObject({ ok: false, error: { code: 'NO_SNAPSHOT' } });
    const before = fs.readFileSync(file);
    const info = await value<SnapshotInfo>('snapshot.open', { file });
    expect(info).toMatchObject({ readOnly: true, complete: true, accountId: 1, subdomain: 'synthetic' });
    expect(info.counts.contacts).toBe(SIZE.contacts);
    expect(await value<SnapshotInfo | null>('snapshot.current', {})).toMatchObject({ file });

    const contacts = await value<BrowseRow[]>('browse.rows', { entity: 'contacts' });
    expect(contacts).toHaveLength(SIZE.contacts);
    const c2 = contacts.find((r) => r.id === 20_002)!;
    expect(c2).toMatchObject({ name: 'Контакт 2', phones: ['8 (900) 000002'], emails: [], responsible: 'User 3', links: { companies: 1 } });
    const c3 = contacts.find((r) => r.id === 20_003)!;
    expect(c3.emails).toEqual(['c3@example.com']);
    const c4 = contacts.find((r) => r.id === 20_004)!;
    expect(c4.tags).toEqual(['contacts-tag-2']);
    const leads = await value<BrowseRow[]>('browse.rows', { entity: 'leads' });
    expect(leads).toHaveLength(SIZE.leads);
    expect(leads.find((r) => r.id === 40_004)).toMatchObject({ status: 'Успешно реализовано', pipeline: 'Продажи', price: 4000, links: { contacts: 1, companies: 0 } });
    const companies = await value<BrowseRow[]>('browse.rows', { entity: 'companies' });
    expect(companies).toHaveLength(SIZE.companies);
    expect(companies.reduce((n, r) => n + (r.links.contacts ?? 0), 0)).toBe(SIZE.contacts / 2);

    const detail = await value<EntityDetail>('browse.entity', { entity: 'leads', id: 40_003 });
    expect((detail.raw as { name: string }).name).toBe('Сделка 3');
    expect(detail.linked).toEqual([
      { entity: 'contacts', id: 20_004, name: 'Контакт 4' },
      { entity: 'companies', id: 30_004, name: 'ООО Компания 4' },
    ]);
    const contactDetail = await value<EntityDetail>('browse.entity', { entity: 'contacts', id: 20_003 });
    expect(contactDetail.fields).toEqual([
      // the value as typed, its type code beside it (the UI words MOB, WORK)
      { name: 'Телефон', values: ['8 (900) 000003'], kinds: ['MOB'] },
      { name: 'Email', values: ['c3@example.com'], kinds: ['WORK'] },
    ]);
    expect(await call('browse.entity', { entity: 'leads', id: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await value('snapshot.close', {})).toEqual({ closed: true });
    expect(await value('snapshot.current', {})).toBeNull();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('snapshot.open refuses a corrupt file without touching it', async () => {
    const broken = path.join(dataDir, 'broken.amosweep');
    const before = fs.readFileSync(broken);
    expect(await call('snapshot.open', { file: broken })).toMatchObject({ ok: false, error: { code: 'SNAPSHOT_INVALID' } });
    expect(fs.readFileSync(broken).equals(before)).toBe(true);
  });

  it('a snapshot job can be paused, resumed and cancelled; starting again resumes the file', async () => {
    fake.configure({ rps: 0, faults: { latencyMs: 30 } });
    const target = 'paused.amosweep';
    const { jobId, file: f } = await value<{ jobId: string; file: string }>('snapshot.start', { connectionId: conn.id, file: target, rps: 7 });
    const waitFor = async (pred: (j: JobState) => boolean) => {
      for (;;) {
        const j = services.deps.jobs.get(jobId);
        if (pred(j)) return j;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor((j) => (j.steps.find((s) => s.key === 'leads_tags')?.status ?? '') === 'done');
    await value('jobs.pause', { jobId });
    const paused = await waitFor((j) => j.status === 'paused');
    expect(paused.rate?.limit).toBe(7);
    await value('jobs.resume', { jobId });
    await waitFor((j) => j.status === 'running');
    await value('jobs.cancel', { jobId });
    expect((await services.deps.jobs.wait(jobId)).status).toBe('cancelled');
    fake.configure({ faults: {} });
    const again = await value<{ jobId: string; file: string }>('snapshot.start', { connectionId: conn.id, file: target });
    expect(again.file).toBe(f);
    const done = await services.deps.jobs.wait(again.jobId);
    expect(done.status).toBe('done');
    expect((done.result as { mode: string }).mode).toBe('resumed');
  });

  it('unknown connection → NOT_FOUND; no result ever carried a token', async () => {
    expect(await call('snapshot.start', { connectionId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const s of seen) expect(s).not.toContain(fake.token);
    expect(await value('connect.forget', { connectionId: conn.id })).toEqual({ forgotten: true });
    expect(await services.deps.secrets.get(`connection:${conn.id}:token`)).toBeNull();
  });

  it('connect.demo starts one in-process fake with the reference profile and snapshots it', async () => {
    const demo = await value<ConnectionInfo>('connect.demo', { scale: 0.002 });
    expect(demo).toMatchObject({ auth: 'demo', isDemo: true });
    expect(demo.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const again = await value<ConnectionInfo>('connect.demo', { scale: 0.002 });
    expect(again.id).toBe(demo.id);
    const { jobId } = await value<{ jobId: string }>('snapshot.start', { connectionId: demo.id, notesMonths: 1 });
    const done = await services.deps.jobs.wait(jobId);
    expect(done.status).toBe('done');
    const counts = (done.result as { counts: Record<string, number>; rejected429: number }).counts;
    expect(counts.contacts).toBeGreaterThan(0);
    expect((done.result as { rejected429: number }).rejected429).toBe(0);
  }, 120_000);
});
