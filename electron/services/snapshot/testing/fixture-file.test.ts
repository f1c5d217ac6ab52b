// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAmo } from '../../../../fake-amocrm/index';
import { createAmoClient } from '../../amo/client';
import { openSnapshotDb, closeSnapshotDb } from '../../db/open';
import { smallAccount } from '../../push/testing/test-helpers';
import { writeFixtureSnapshot } from './fixture-file';
import { readSnapshotMeta, runSnapshot } from '../runner';

const NORMALIZED = ['users', 'pipelines', 'statuses', 'custom_fields', 'leads', 'contacts', 'lead_contacts', 'field_values', 'tasks'];
const withoutRaw = (row: unknown): Record<string, unknown> => {
  const { raw: _raw, ...rest } = row as Record<string, unknown>;
  return rest;
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-fixture-file-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeFixtureSnapshot', () => {
  it('writes a complete file whose tables equal a snapshot of the same data taken from the fake server', async () => {
    const fixtures = smallAccount(40);
    const made = writeFixtureSnapshot(path.join(dir, 'fixture.amosweep'), fixtures, { finishedAt: new Date('2024-03-01T10:00:00Z') });
    const fake = await startFakeAmo({ fixtures: smallAccount(40), rps: 0 });
    try {
      const taken = await runSnapshot({
        client: createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => fake.token }, unlimited: true }),
        file: path.join(dir, 'taken.amosweep'),
        appVersion: 'test',
        notesMonths: 600,
      });
      expect(made.counts).toEqual(taken.counts);
      // the raw JSON differs only by what the server adds for `with=` (empty _embedded lists);
      // every normalized column and link row is the same
      const a = openSnapshotDb(made.file, { mode: 'readonly' });
      const b = openSnapshotDb(taken.file, { mode: 'readonly' });
      try {
        for (const table of NORMALIZED) {
          const rows = (db: typeof a) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all().map(withoutRaw);
          expect(rows(a), table).toEqual(rows(b));
          expect(rows(a).length, table).toBeGreaterThan(0);
        }
      } finally {
        closeSnapshotDb(a);
        closeSnapshotDb(b);
      }
    } finally {
      await fake.close();
    }
    const db = openSnapshotDb(made.file, { mode: 'readonly' });
    try {
      const meta = readSnapshotMeta(db);
      expect(meta).toMatchObject({
        complete: true,
        finishedAt: Date.parse('2024-03-01T10:00:00Z') / 1000,
        asOf: '2024-03-01T10:00:00.000Z',
        contentHash: made.contentHash,
      });
      expect(meta.accountName).toBe(fixtures.account.name);
      const pending = db.prepare("SELECT count(*) AS n FROM collections WHERE status <> 'done'").get() as { n: number };
      expect(pending.n).toBe(0);
    } finally {
      closeSnapshotDb(db);
    }
  });

  it('refuses to write over an existing file and leaves it unchanged', () => {
    const file = path.join(dir, 'exists.amosweep');
    fs.writeFileSync(file, 'keep me');
    expect(() => writeFixtureSnapshot(file, smallAccount(5), { finishedAt: new Date() })).toThrow(/already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });
});
