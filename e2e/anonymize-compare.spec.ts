// runtime: node
/**
 * Snapshots for auditors and over time, in the app: make an anonymized copy of the open
 * snapshot and audit the copy (the same counts), then compare two snapshots of the account.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateAccount } from '../fake-amocrm/generator/index';
import { writeFixtureSnapshot } from '../electron/services/snapshot/testing/fixture-file';
import { expect, readmeScreenshot, test } from './fixtures';

const AS_OF = '2020-12-31T00:00:00.000Z';
const LATER = '2021-01-31T00:00:00.000Z';

test.describe('anonymize and compare', () => {
  test('anonymized copy → audit of the copy; compare two snapshots', async ({ app, rpc, bridge }) => {
    test.skip(!bridge, 'needs the data folder of the web bridge');
    test.setTimeout(180_000);
    const dir = bridge!.dataDir;
    const before = path.join(dir, 'account-before.amosweep');
    const after = path.join(dir, 'account-after.amosweep');
    const { fixtures } = generateAccount({ profile: 'reference', scale: 0.01, seed: 5, asOf: new Date(AS_OF) });
    for (const f of [before, after]) if (fs.existsSync(f)) fs.rmSync(f);
    writeFixtureSnapshot(before, fixtures, { finishedAt: new Date(AS_OF) });
    // a month later: the lost deals got their loss reason
    const later = structuredClone(fixtures);
    const reason = later.collections.leads_loss_reasons[0]!.id as number;
    for (const lead of later.collections.leads) if (lead.status_id === 143 && !lead.loss_reason_id) lead.loss_reason_id = reason;
    writeFixtureSnapshot(after, later, { finishedAt: new Date(LATER) });

    const audit = async () => {
      const r = await rpc('audit.run', {});
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    try {
      // anonymize the open snapshot from the Snapshot screen
      expect((await rpc('snapshot.open', { file: before })).ok).toBe(true);
      await app.getByTestId('nav-snapshot').click();
      await expect(app.getByTestId('anonymize-card')).toBeVisible();
      await app.getByTestId('anonymize-start').click();
      await expect(app.getByTestId('anonymize-done')).toBeVisible({ timeout: 120_000 });
      const copy = path.join(dir, 'account-before-anonymized.amosweep');
      expect(fs.existsSync(copy)).toBe(true);

      // the copy's audit has the original's counts
      const original = await audit();
      await app.getByTestId('anonymize-open').click();
      await expect.poll(async () => {
        const current = await rpc('snapshot.current', {});
        return current.ok ? current.value?.file : null;
      }).toBe(copy);
      await app.getByTestId('nav-audit').click();
      await expect(app.getByTestId('audit')).toBeVisible({ timeout: 60_000 });
      const anonymized = await audit();
      const counts = (r: typeof original) => Object.fromEntries(r.findings.map((f) => [f.id, [f.count, f.groups ?? null]]));
      expect(counts(anonymized)).toEqual(counts(original));
      for (const id of ['duplicates.phone', 'noname.contacts', 'leads.lost_without_reason']) {
        await expect(app.getByTestId(`audit-card-${id}`)).toHaveAttribute('data-count', String(counts(original)[id]![0]));
      }
      fs.rmSync(copy);

      // compare the two snapshots on the Compare screen
      await app.getByTestId('nav-compare').click();
      await expect(app.getByTestId('compare-form')).toBeVisible();
      await app.getByTestId('compare-old').selectOption(before);
      await app.getByTestId('compare-new').selectOption(after);
      await app.getByTestId('compare-start').click();
      await expect(app.getByTestId('compare-report')).toBeVisible({ timeout: 120_000 });
      const lost = app.getByTestId('compare-findings').locator('[data-finding="leads.lost_without_reason"]');
      await expect(lost.locator('td').nth(1)).not.toHaveText('0');
      await expect(lost.locator('td').nth(2)).toHaveText('0');
      const oldHealth = Number((await app.getByTestId('compare-health-old').textContent())!.replace(',', '.'));
      const newHealth = Number((await app.getByTestId('compare-health-new').textContent())!.replace(',', '.'));
      expect(newHealth).toBeGreaterThan(oldHealth);
      await expect(app.getByTestId('compare-regression')).toHaveCount(0);
      await readmeScreenshot(app, 'compare');
    } finally {
      await rpc('snapshot.close', {});
      for (const f of [before, after]) if (fs.existsSync(f)) fs.rmSync(f);
    }
  });
});
