// runtime: node
/**
 * Customers and catalogs in a snapshot (issue 12): the wild profile's customers, catalogs and elements are
 * counted and kept raw; a refused or malformed list of them never fails the snapshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import type { FixtureSet } from '../../../shared/amo/wire';
import { AppError } from '../../../shared/api/result';
import { createAmoClient, type AmoClient } from '../amo/client';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { runSnapshot } from './runner';

let fake: FakeAmoServer;
let fixtures: FixtureSet;
let dir: string;
beforeAll(async () => {
  fixtures = generateAccount({ profile: 'wild', scale: 0.004, seed: 3, asOf: new Date('2020-12-31T00:00:00Z') }).fixtures;
  fake = await startFakeAmo({ fixtures, rps: 0, accountRps: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-extras-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const client = (): AmoClient => createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => fake.token }, unlimited: true });

function meta(file: string, key: string): string | null {
  const db = openSnapshotDb(file, { mode: 'readonly' });
  try {
    return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string | null } | undefined)?.value ?? null;
  } finally {
    closeSnapshotDb(db);
  }
}

describe('customers and catalogs in a snapshot', () => {
  it('are counted and kept raw (the wild profile has both)', async () => {
    const file = path.join(dir, 'wild.amosweep');
    const result = await runSnapshot({ client: client(), file, appVersion: 'test', notesMonths: 0 });
    const extras = fixtures.extras!;
    expect(extras.customers!.length).toBeGreaterThan(0);
    expect(result.counts).toMatchObject({ customers: extras.customers!.length, catalogs: extras.catalogs!.length, catalog_elements: extras.catalogs_elements!.length });
    const raw = JSON.parse(meta(file, 'raw_customers') ?? '[]') as { id: number; ltv: number }[];
    expect(raw.map((c) => c.id).sort()).toEqual(extras.customers!.map((c) => c.id as number).sort());
    expect(meta(file, 'warning_extras')).toBeNull();
  });

  it('a refused customers list and a catalogs answer of an unknown shape are recorded, not fatal', async () => {
    const file = path.join(dir, 'refused.amosweep');
    const inner = client();
    const odd: AmoClient = {
      get baseUrl() {
        return inner.baseUrl;
      },
      stats: () => inner.stats(),
      request: (req) => inner.request(req),
      paginate<T>(p: string, key: string, query?: Parameters<AmoClient['paginate']>[2], opts?: Parameters<AmoClient['paginate']>[3]) {
        if (p === '/api/v4/customers') throw new AppError('AMO_FORBIDDEN', 'no rights (403)', { status: 403 });
        if (p === '/api/v4/catalogs') throw new AppError('AMO_BAD_RESPONSE', 'amoCRM sent an unexpected list shape for /api/v4/catalogs.');
        return inner.paginate<T>(p, key, query, opts);
      },
    };
    const result = await runSnapshot({ client: odd, file, appVersion: 'test', notesMonths: 0 });
    expect(result.counts.contacts).toBeGreaterThan(0);
    expect(result.counts.customers).toBeUndefined();
    expect(meta(file, 'warning_extras')).toMatch(/customers[\s\S]*catalogs/);
  });
});
