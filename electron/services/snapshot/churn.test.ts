// runtime: node
/**
 * Entities trashed while a snapshot pages (issue 12's churn): when an entity on a page already
 * served goes to the trash, every later entity moves one position back, so the one that would
 * have opened the next page ends the previous one and a plain page-by-page read never sees it.
 * A refresh (filter[updated_at][from]) does not see it either: it did not change. The snapshot
 * must still hold every live entity, and none that is trashed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { syntheticAccount } from './testing/synthetic-account';
import { createAmoClient } from '../amo/client';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { runSnapshot } from './runner';

const NOW = Math.floor(Date.now() / 1000);
let fake: FakeAmoServer;
let dir: string;
beforeAll(async () => {
  // 620 contacts, 540 leads, 260 companies: three, three and two pages of 250
  fake = await startFakeAmo({ fixtures: syntheticAccount({ contacts: 620, companies: 260, leads: 540, tasks: 20, notesPerEntity: 0, now: NOW }), rps: 0, accountRps: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-churn-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const client = () => createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => fake.token }, unlimited: true });

function idsIn(file: string, table: 'leads' | 'contacts' | 'companies'): number[] {
  const db = openSnapshotDb(file, { mode: 'readonly' });
  try {
    return (db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  } finally {
    closeSnapshotDb(db);
  }
}

const liveIds = (table: 'leads' | 'contacts' | 'companies'): number[] =>
  fake.store.entities[table]
    .values()
    .filter((o) => o.is_deleted !== true)
    .map((o) => o.id as number)
    .sort((a, b) => a - b);

describe('a snapshot under churn (entities trashed on pages already served)', () => {
  it('holds every live lead, contact and company and no trashed one, after the first run and after a refresh', async () => {
    fake.reset();
    fake.configure({ churn: true, churnServed: true });
    const file = path.join(dir, 'churn.amosweep');
    await runSnapshot({ client: client(), file, appVersion: 'test', notesMonths: 0 });
    fake.configure({ churn: false });
    const trashed = fake.store.entities.contacts.values().filter((o) => o.is_deleted === true).length;
    expect(trashed).toBeGreaterThanOrEqual(2); // the churn acted on pages 2 and 3 (one served, one not yet served each)
    for (const table of ['leads', 'contacts', 'companies'] as const) expect({ table, ids: idsIn(file, table) }).toEqual({ table, ids: liveIds(table) });

    await runSnapshot({ client: client(), file, appVersion: 'test', refresh: true, notesMonths: 0 });
    for (const table of ['leads', 'contacts', 'companies'] as const) expect({ table, ids: idsIn(file, table) }).toEqual({ table, ids: liveIds(table) });
  });
});
