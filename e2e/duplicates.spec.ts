// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateAccount } from '../fake-amocrm/generator/index';
import { closeSnapshotDb, openSnapshotDb } from '../electron/services/db/open';
import { ingestFixtureSet } from '../electron/services/snapshot/ingest';
import { expect, test } from './fixtures';

const AS_OF = '2020-12-31T00:00:00.000Z';

function makeSnapshot(): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-e2e-dups-'));
  const file = path.join(dir, 'reference.amosweep');
  const { fixtures } = generateAccount({ profile: 'reference', scale: 0.02, seed: 7, asOf: new Date(AS_OF) });
  const db = openSnapshotDb(file, { mode: 'create' });
  ingestFixtureSet(db, fixtures);
  closeSnapshotDb(db);
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test.describe('duplicates', () => {
  test('find → review a group → accept with the keyboard → the merge decision is stored', async ({ app, rpc }) => {
    test.setTimeout(120_000);
    const snap = makeSnapshot();
    try {
      expect((await rpc('snapshot.open', { file: snap.file })).ok).toBe(true);
      await app.getByTestId('nav-duplicates').click();
      await expect(app.getByTestId('duplicates')).toBeVisible({ timeout: 60_000 });
      await app.getByTestId('duplicates-run').click();
      const rows = app.getByTestId('duplicates-groups').getByTestId('data-row');
      await expect(rows.first()).toBeVisible({ timeout: 60_000 });

      await rows.first().click();
      await expect(app.getByTestId('duplicates-detail')).toBeVisible();
      await expect(app.getByTestId('duplicates-explanation').locator('li').first()).toBeVisible();
      await expect(app.getByTestId('duplicates-detail-status')).toBeVisible();

      // "a" accepts the open group
      await app.getByTestId('duplicates-cards').click();
      await app.keyboard.press('a');
      await expect
        .poll(async () => {
          const r = await rpc('match.decisions', { entity: 'contacts' });
          return r.ok ? r.value.map((d) => [d.kind, d.loserIds.length > 0]) : null;
        })
        .toEqual([['merge', true]]);
    } finally {
      await rpc('snapshot.close', {});
      snap.cleanup();
    }
  });
});
