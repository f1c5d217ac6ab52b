// runtime: node
/**
 * Files in the browser build: a .amosweep file dropped on the window (a drop event with a
 * DataTransfer; the browser gives no path, so the file is received into <data>/received/),
 * read-only opening of a file that is not the user's working copy, "Make a working copy",
 * the recent-files list, the path field, and a dropped file that is not a snapshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateAccount } from '../fake-amocrm/generator/index';
import { writeFixtureSnapshot } from '../electron/services/snapshot/testing/fixture-file';
import { expect, readmeScreenshot, test } from './fixtures';

const AS_OF = '2020-12-31T00:00:00.000Z';

function handedOverSnapshot(): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-e2e-files-'));
  const file = path.join(dir, 'from-the-client.amosweep');
  const { fixtures } = generateAccount({ profile: 'reference', scale: 0.005, seed: 11, asOf: new Date(AS_OF) });
  writeFixtureSnapshot(file, fixtures, { finishedAt: new Date(AS_OF) });
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Drags a file over the window and drops it, as a user would from the file manager. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, base64 }) => {
      const raw = atob(base64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type: 'application/octet-stream' }));
      return transfer;
    },
    { name, base64: bytes.toString('base64') },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
}

test.describe('files', () => {
  test('drop a file → read-only → working copy → recent files → path field', async ({ app, bridge, rpc }) => {
    test.skip(!bridge, 'drops without a path are the browser build; Electron reads the path in the preload');
    test.setTimeout(120_000);
    const snap = handedOverSnapshot();
    try {
      // the bridge is shared by the specs of this worker: start from an empty recent list
      const recent = await rpc('files.recent', {});
      for (const r of recent.ok ? recent.value : []) await rpc('files.forgetRecent', { file: r.file });
      const original = fs.readFileSync(snap.file);

      // a dropped file is received into <data>/received/ and opens read-only
      await dropFile(app, 'from-the-client.amosweep', original);
      const banner = app.getByTestId('read-only-banner');
      await expect(banner).toBeVisible({ timeout: 30_000 });
      await expect(banner).toContainText('from-the-client.amosweep');
      await expect(app.getByTestId('status-snapshot')).toHaveAttribute('data-open', 'true');
      const received = path.join(bridge!.dataDir, 'received', 'from-the-client.amosweep');
      expect(fs.readFileSync(received).equals(original)).toBe(true);

      // the recent list has it, with its account and the date it was taken
      await app.getByTestId('nav-snapshot').click();
      const rows = app.getByTestId('recent-row');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toHaveAttribute('data-file', received);
      await expect(rows.first()).toContainText(/2020|31/);
      await readmeScreenshot(app, 'files');

      // a working copy in the data folder opens writable; the received file is untouched
      await app.getByTestId('make-working-copy').click();
      await expect(banner).toHaveCount(0);
      await expect(rows).toHaveCount(2);
      const copy = path.join(bridge!.dataDir, 'from-the-client-working-copy.amosweep');
      await expect(rows.first()).toHaveAttribute('data-file', copy);
      expect(fs.existsSync(copy)).toBe(true);
      expect(fs.readFileSync(received).equals(original)).toBe(true);

      // the path field opens a file outside the data folder read-only too
      await app.getByTestId('open-file-path').fill(snap.file);
      await app.getByTestId('open-file-submit').click();
      await expect(banner).toBeVisible();
      await expect(rows).toHaveCount(3);
      await expect(rows.first()).toHaveAttribute('data-file', snap.file);

      // the recent list opens a file again, and forgets one
      await app.locator(`[data-testid="recent-row"][data-file="${copy}"]`).getByTestId('recent-open').click();
      await expect(banner).toHaveCount(0);
      await app.locator(`[data-testid="recent-row"][data-file="${snap.file}"]`).getByTestId('recent-forget').click();
      await expect(rows).toHaveCount(2);

      // a dropped file that is not a snapshot is refused with a clear message, nothing kept
      await dropFile(app, 'notes.txt', Buffer.from('hello'));
      await expect(app.getByTestId('drop-error')).toContainText('notes.txt');
      await dropFile(app, 'fake.amosweep', Buffer.alloc(5000, 1));
      await expect(app.getByTestId('drop-error').getByTestId('error-notice')).toHaveAttribute('data-error-code', 'SNAPSHOT_INVALID');
      expect(fs.readdirSync(path.join(bridge!.dataDir, 'received')).sort()).toEqual(['from-the-client.amosweep']);
      expect(fs.readFileSync(snap.file).equals(original)).toBe(true);
    } finally {
      snap.cleanup();
    }
  });
});
