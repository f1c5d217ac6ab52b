// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateAccount } from '../fake-amocrm/generator/index';
import { writeFixtureSnapshot } from '../electron/services/snapshot/testing/fixture-file';
import { expect, readmeScreenshot, test } from './fixtures';

const AS_OF = '2020-12-31T00:00:00.000Z';

/** A small reference-profile snapshot on disk, and the truth it was generated with. */
function makeSnapshot(): { file: string; counts: Record<string, number>; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-e2e-audit-'));
  const file = path.join(dir, 'reference.amosweep');
  const { fixtures, truth } = generateAccount({ profile: 'reference', scale: 0.02, seed: 7, asOf: new Date(AS_OF) });
  writeFixtureSnapshot(file, fixtures, { finishedAt: new Date(AS_OF) });
  return { file, counts: truth.counts, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test.describe('audit', () => {
  test('audit → drill-down → fix → analytics → export', async ({ app, rpc }) => {
    test.setTimeout(120_000);
    const snap = makeSnapshot();
    try {
      const opened = await rpc('snapshot.open', { file: snap.file, access: 'edit' });
      expect(opened.ok).toBe(true);
      await app.getByTestId('nav-audit').click();
      await expect(app.getByTestId('audit')).toBeVisible({ timeout: 60_000 });

      // the cards show the audit's counts, equal to the generator's truth
      for (const id of ['leads.lost_without_reason', 'duplicates.phone', 'noname.contacts']) {
        await expect(app.getByTestId(`audit-card-${id}`)).toHaveAttribute('data-count', String(snap.counts[id]));
      }

      // drill-down: every flagged deal in the table
      const expected = snap.counts['leads.lost_without_reason']!;
      await app.getByTestId('audit-card-leads.lost_without_reason').click();
      await expect(app.getByTestId('audit-drill')).toBeVisible();
      await expect(app.getByTestId('audit-drill-table').getByTestId('table-rowcount')).toHaveAttribute('data-total', String(expected));
      await expect(app.getByTestId('audit-drill-table').getByTestId('data-row').first()).toBeVisible();
      await readmeScreenshot(app, 'audit');

      // Fix records the intent in the snapshot
      await app.getByTestId('audit-fix').click();
      await expect.poll(async () => {
        const r = await rpc('audit.fixIntents', {});
        return r.ok ? r.value.map((i) => [i.operation, i.entityCount]) : null;
      }).toEqual([['fill.loss_reason', expected]]);
      await expect(app.getByTestId('audit-intents')).toBeVisible();

      // analytics
      await app.getByTestId('audit-tab-analytics').click();
      await expect(app.getByTestId('audit-years').locator('tbody tr')).toHaveCount(await countYears(rpc));
      await app.getByTestId('audit-tab-findings').click();
      // the tabs by keyboard: End and Home select and focus the last and the first tab
      await app.getByTestId('audit-tab-findings').press('End');
      await expect(app.getByTestId('audit-tab-analytics')).toHaveAttribute('aria-selected', 'true');
      await expect(app.getByTestId('audit-tab-analytics')).toBeFocused();
      await app.getByTestId('audit-tab-analytics').press('ArrowRight'); // wraps round
      await expect(app.getByTestId('audit-tab-findings')).toHaveAttribute('aria-selected', 'true');
      await expect(app.getByTestId('audit-tab-findings')).toBeFocused();

      // export: the XLSX is written (and downloaded in the browser), the HTML report renders in Chromium
      await app.getByTestId('audit-export-xlsx').click();
      await expect(app.locator('.toast').filter({ hasText: '.xlsx' })).toBeVisible();
      const html = await rpc('audit.export', { format: 'html', lang: 'en' });
      expect(html.ok).toBe(true);
      if (html.ok) {
        const page = await app.context().newPage();
        await page.goto(pathToFileURL(html.value.path).href);
        await expect(page.locator('h1')).toHaveText('amoCRM account audit');
        await expect(page.locator('[data-finding="leads.lost_without_reason"] .count')).toContainText(String(expected));
        await expect(page.locator('#analytics h2')).toHaveText('5. Sales analytics');
        await page.close();
      }
    } finally {
      await rpc('snapshot.close', {});
      snap.cleanup();
    }
  });
});

async function countYears(rpc: Parameters<Parameters<typeof test>[2]>[0]['rpc']): Promise<number> {
  const r = await rpc('audit.analytics', {});
  return r.ok ? r.value.years.length : -1;
}
