// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import type { ApiObject, FixtureSet } from '../../../shared/amo/wire';
import { AppError } from '../../../shared/api/result';
import { createAmoClient, type AmoClient } from '../amo/client';
import { RateLimiter } from '../amo/rate-limiter';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { contentHash } from './content-hash';
import { readSnapshotMeta, runSnapshot } from './runner';
import { syntheticAccount } from './testing/synthetic-account';

const NOW = Math.floor(Date.now() / 1000);
const SIZE = { contacts: 620, companies: 260, leads: 540, tasks: 300, notesPerEntity: 1, now: NOW };
const FAST = { baseDelayMs: 2, maxDelayMs: 20 };

let fixtures: FixtureSet;
let fake: FakeAmoServer;
const dirs: string[] = [];
const tmp = (name = 'snap.amosweep'): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-snap-'));
  dirs.push(dir);
  return path.join(dir, name);
};

beforeAll(async () => {
  fixtures = syntheticAccount(SIZE);
  fake = await startFakeAmo({ fixtures, rps: 0, accountRps: 0 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.configure({ rps: 0, accountRps: 0, faults: {}, banAfter: 0 });
  fake.unban();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const client = (extra: Partial<Parameters<typeof createAmoClient>[0]> = {}): AmoClient =>
  createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => fake.token }, unlimited: true, retry: FAST, ...extra });

const fakeRequests = async (): Promise<{ requests: number; byRoute: Record<string, number>; rejected429: number; maxRequestsPerSecond: number }> =>
  (await (await fetch(`${fake.url}/__fake/stats`)).json()) as { requests: number; byRoute: Record<string, number>; rejected429: number; maxRequestsPerSecond: number };

function readAll(file: string) {
  const db = openSnapshotDb(file, { mode: 'readonly' });
  try {
    const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const raw = (t: string, id: number) => JSON.parse((db.prepare(`SELECT raw FROM ${t} WHERE id = ?`).get(id) as { raw: string }).raw) as ApiObject;
    return { db, count, raw, hash: contentHash(db), meta: readSnapshotMeta(db) };
  } catch (e) {
    db.close();
    throw e;
  }
}

const windowFrom = (months: number) => {
  const d = new Date(NOW * 1000);
  d.setUTCMonth(d.getUTCMonth() - months);
  return Math.floor(d.getTime() / 1000);
};

describe('snapshot against the fake amoCRM', () => {
  let reference: { file: string; hash: string; requests: number };

  it('takes a full snapshot: counts equal the fixtures and entities match field by field', async () => {
    const file = tmp();
    const before = await fakeRequests();
    const result = await runSnapshot({ client: client(), file, appVersion: 'test', subdomain: 'synthetic' });
    const after = await fakeRequests();
    expect(result.mode).toBe('new');
    expect(result.requests).toBe(after.requests - before.requests);
    const s = readAll(file);
    try {
      expect(s.count('contacts')).toBe(fixtures.collections.contacts.length);
      expect(s.count('companies')).toBe(fixtures.collections.companies.length);
      expect(s.count('leads')).toBe(fixtures.collections.leads.length);
      expect(s.count('tasks')).toBe(fixtures.collections.tasks.length);
      expect(s.count('users')).toBe(fixtures.collections.users.length);
      expect(s.count('pipelines')).toBe(1);
      expect(s.count('statuses')).toBe(4);
      expect(s.count('tags')).toBe(9);
      expect(s.count('custom_fields')).toBe(6);
      expect(s.count('custom_field_groups')).toBe(3);
      expect(s.count('loss_reasons')).toBe(2);
      expect(s.count('task_types')).toBe(2);
      const from = windowFrom(6);
      const inWindow = (list: ApiObject[], key: string) => list.filter((n) => (n[key] as number) >= from).length;
      expect(s.count('notes')).toBe(
        inWindow(fixtures.collections.leads_notes, 'updated_at') + inWindow(fixtures.collections.contacts_notes, 'updated_at') + inWindow(fixtures.collections.companies_notes, 'updated_at'),
      );
      expect(s.count('events')).toBe(inWindow(fixtures.collections.events, 'created_at'));
      expect(s.count('notes')).toBeGreaterThan(0);
      expect(s.count('notes')).toBeLessThan(fixtures.collections.leads_notes.length * 3);
      // field-by-field samples
      for (const k of [0, 17, 311, 619]) {
        const want = fixtures.collections.contacts[k]!;
        const got = s.raw('contacts', want.id as number);
        for (const key of ['name', 'first_name', 'last_name', 'responsible_user_id', 'created_at', 'updated_at', 'custom_fields_values']) expect(got[key]).toEqual(want[key]);
        expect((got._embedded as { companies: { id: number }[] }).companies.map((x) => x.id)).toEqual((want._embedded as { companies: { id: number }[] }).companies.map((x) => x.id));
      }
      for (const k of [0, 99, 539]) {
        const want = fixtures.collections.leads[k]!;
        const got = s.raw('leads', want.id as number);
        for (const key of ['name', 'price', 'status_id', 'pipeline_id', 'loss_reason_id', 'closed_at', 'custom_fields_values']) expect(got[key]).toEqual(want[key]);
        const links = s.db.prepare('SELECT contact_id FROM lead_contacts WHERE lead_id = ?').all(want.id) as { contact_id: number }[];
        expect(links.map((l) => l.contact_id)).toEqual((want._embedded as { contacts: { id: number }[] }).contacts.map((c) => c.id));
      }
      const phones = s.db.prepare("SELECT count(*) AS n FROM field_values WHERE entity_type = 'contacts' AND field_code = 'PHONE'").get() as { n: number };
      expect(phones.n).toBe(fixtures.collections.contacts.length);
      expect(s.meta).toMatchObject({ complete: true, accountId: 1, subdomain: 'synthetic', baseUrl: fake.url, appVersion: 'test', notesMonths: 6 });
      expect(s.meta.contentHash).toBe(s.hash);
      // no token anywhere in the file
      expect(fs.readFileSync(file).includes(Buffer.from(fake.token))).toBe(false);
      reference = { file, hash: s.hash, requests: result.requests };
    } finally {
      s.db.close();
    }
    dirs.pop(); // keep the reference file for the next tests
  });

  it('refuses to run again on a complete file without refresh', async () => {
    await expect(runSnapshot({ client: client(), file: reference.file, appVersion: 'test' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('resumes an interrupted snapshot without refetching committed pages and ends identical', async () => {
    const file = tmp();
    const start = await fakeRequests();
    for (const stopAfter of [3, 9, 14]) {
      const abort = new AbortController();
      let pages = 0;
      await expect(
        runSnapshot({
          client: client(),
          file,
          appVersion: 'test',
          signal: abort.signal,
          checkpoint: async () => {
            if (++pages >= stopAfter) abort.abort();
            if (abort.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
          },
        }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
      const db = openSnapshotDb(file, { mode: 'readonly' });
      expect(readSnapshotMeta(db).complete).toBe(false);
      db.close();
    }
    const before = await fakeRequests();
    const result = await runSnapshot({ client: client(), file, appVersion: 'test' });
    expect(result.mode).toBe('resumed');
    const s = readAll(file);
    try {
      expect(s.hash).toBe(reference.hash);
    } finally {
      s.db.close();
    }
    // every interrupted run stopped at a checkpoint, after its page was committed: nothing was fetched twice
    const after = await fakeRequests();
    expect(after.requests - before.requests).toBeLessThan(reference.requests);
    // each stop may leave the one prefetched next page unused (it is fetched again on resume)
    expect(after.requests - start.requests).toBeGreaterThanOrEqual(reference.requests);
    expect(after.requests - start.requests).toBeLessThanOrEqual(reference.requests + 3);
  });

  it('refreshes an unchanged account in at most 30 requests with the same content', async () => {
    const result = await runSnapshot({ client: client(), file: reference.file, refresh: true, appVersion: 'test' });
    expect(result.mode).toBe('refresh');
    expect(result.requests).toBeLessThanOrEqual(30);
    expect(result.deleted).toBe(0);
    expect(result.contentHash).toBe(reference.hash);
  });

  it('survives 5xx, malformed, truncated and reset responses and ends identical', async () => {
    fake.configure({ faults: { error5xx: 0.15, malformed: 0.08, truncate: 0.05, reset: 0.05, seed: 7 } });
    const file = tmp();
    const c = client({ retry: { ...FAST, maxRetries: 8, maxBadJsonRetries: 6 } });
    const result = await runSnapshot({ client: c, file, appVersion: 'test' });
    expect(result.retries).toBeGreaterThan(0);
    expect(result.contentHash).toBe(reference.hash);
  });

  it('fetches two lists at a time with the same result', async () => {
    const result = await runSnapshot({ client: client(), file: tmp(), appVersion: 'test', concurrency: 2 });
    expect(result.requests).toBe(reference.requests);
    expect(result.contentHash).toBe(reference.hash);
  });

  it('backs off on 429 and still completes with the same content', async () => {
    // at most 3 requests in any second, and more workers than that start at once: the first
    // requests of the lists always meet a 429, however slow this machine is
    fake.configure({ rps: 3, rateModel: 'window', accountRps: 0 });
    const file = tmp();
    // six workers share 3 requests a second, so one request may meet a 429 a dozen times in a row
    // (about 0.8 each try): the retries are many, so that only a client that gives up on 429 fails
    const c = client({ unlimited: true, retry: { baseDelayMs: 50, maxDelayMs: 400, max429Retries: 100 } });
    const result = await runSnapshot({ client: c, file, appVersion: 'test', concurrency: 6 });
    expect(result.rejected429).toBeGreaterThan(0);
    expect(result.contentHash).toBe(reference.hash);
  });

  it('a 403 ban stops the snapshot with AMO_BLOCKED; the file resumes after the unban', async () => {
    fake.configure({ rps: 5, accountRps: 0, banAfter: 2, banWindowMs: 60_000 });
    const file = tmp();
    const c = client({ unlimited: true, retry: { baseDelayMs: 1, maxDelayMs: 2, max429Retries: 10 } });
    const error = await runSnapshot({ client: c, file, appVersion: 'test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('AMO_BLOCKED');
    fake.unban();
    fake.configure({ rps: 0, banAfter: 0 });
    const result = await runSnapshot({ client: client(), file, appVersion: 'test' });
    expect(result.contentHash).toBe(reference.hash);
  });

  it('refresh picks up changes and deletions and equals a fresh snapshot', async () => {
    const changed = await startFakeAmo({ fixtures: syntheticAccount(SIZE), rps: 0, accountRps: 0, privateEndpoints: true });
    try {
      const c = () => createAmoClient({ baseUrl: changed.url, auth: { kind: 'long-lived', getToken: () => changed.token }, unlimited: true, retry: FAST });
      const file = tmp();
      await runSnapshot({ client: c(), file, appVersion: 'test' });
      const contactId = fixtures.collections.contacts[5]!.id as number;
      await c().request({ method: 'PATCH', path: `/api/v4/contacts/${contactId}`, body: { name: 'Переименован' } });
      const deletedLead = fixtures.collections.leads[7]!.id as number;
      const del = await fetch(`${changed.url}/ajax/leads/multiple/delete`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${changed.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `ID[]=${deletedLead}`,
      });
      expect(del.status).toBe(200);
      const refreshed = await runSnapshot({ client: c(), file, refresh: true, appVersion: 'test' });
      expect(refreshed.deleted).toBe(1);
      const fresh = tmp();
      const freshResult = await runSnapshot({ client: c(), file: fresh, appVersion: 'test' });
      const s = readAll(file);
      try {
        expect(s.raw('contacts', contactId).name).toBe('Переименован');
        expect(s.db.prepare('SELECT count(*) AS n FROM leads WHERE id = ?').get(deletedLead)).toEqual({ n: 0 });
        expect(s.db.prepare('SELECT count(*) AS n FROM lead_contacts WHERE lead_id = ?').get(deletedLead)).toEqual({ n: 0 });
        expect(s.hash).toBe(freshResult.contentHash);
      } finally {
        s.db.close();
      }
    } finally {
      await changed.close();
    }
  });

  it('keeps to the rate limit against the fake with its limit on: zero 429s', async () => {
    fake.configure({ rps: 7, accountRps: 50 });
    const file = tmp();
    const limiter = new RateLimiter({ rps: 7 });
    const abort = new AbortController();
    let pages = 0;
    const before = await fakeRequests();
    await runSnapshot({
      client: client({ unlimited: false, limiter }),
      file,
      appVersion: 'test',
      signal: abort.signal,
      checkpoint: async () => {
        if (++pages >= 12) abort.abort();
        if (abort.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
      },
    }).catch((e: unknown) => {
      if (!(e instanceof AppError && e.code === 'CANCELLED')) throw e;
    });
    const after = await fakeRequests();
    expect(after.rejected429 - before.rejected429).toBe(0);
    expect(after.requests - before.requests).toBeGreaterThanOrEqual(8);
  });
});

afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  void closeSnapshotDb;
});

describe('a snapshot that fails before its first page', () => {
  it('leaves no empty file behind when the account cannot be reached', async () => {
    const file = tmp('unreachable.amosweep');
    const dead = createAmoClient({ baseUrl: 'http://127.0.0.1:1', auth: { kind: 'long-lived', getToken: () => 'x'.repeat(20) }, unlimited: true, retry: { ...FAST, maxRetries: 0 } });
    await expect(runSnapshot({ client: dead, file, appVersion: 'test' })).rejects.toBeInstanceOf(AppError);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps a file it did not create', async () => {
    const file = tmp('kept.amosweep');
    closeSnapshotDb(openSnapshotDb(file, { mode: 'create' }));
    const dead = createAmoClient({ baseUrl: 'http://127.0.0.1:1', auth: { kind: 'long-lived', getToken: () => 'x'.repeat(20) }, unlimited: true, retry: { ...FAST, maxRetries: 0 } });
    await expect(runSnapshot({ client: dead, file, appVersion: 'test' })).rejects.toBeInstanceOf(AppError);
    expect(fs.existsSync(file)).toBe(true);
  });
});
