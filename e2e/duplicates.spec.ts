// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateAccount } from '../fake-amocrm/generator/index';
import { writeFixtureSnapshot } from '../electron/services/snapshot/testing/fixture-file';
import type { Page } from '@playwright/test';
import { expect, readmeScreenshot, test } from './fixtures';

const AS_OF = '2020-12-31T00:00:00.000Z';

/** Screenshots for a human look, only when AMOSWEEP_E2E_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.AMOSWEEP_E2E_SHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, `duplicates-${name}.png`), fullPage: true });
}

function makeSnapshot(): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-e2e-dups-'));
  const file = path.join(dir, 'reference.amosweep');
  const { fixtures } = generateAccount({ profile: 'reference', scale: 0.02, seed: 7, asOf: new Date(AS_OF) });
  writeFixtureSnapshot(file, fixtures, { finishedAt: new Date(AS_OF) });
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test.describe('duplicates', () => {
  test('find → review a group → accept with the keyboard → the merge decision is stored', async ({ app, rpc }) => {
    test.setTimeout(120_000);
    const snap = makeSnapshot();
    try {
      expect((await rpc('snapshot.open', { file: snap.file, access: 'edit' })).ok).toBe(true);
      await app.getByTestId('nav-duplicates').click();
      await expect(app.getByTestId('duplicates')).toBeVisible({ timeout: 60_000 });
      await app.getByTestId('duplicates-run').click();
      const rows = app.getByTestId('duplicates-groups').getByTestId('data-row');
      await expect(rows.first()).toBeVisible({ timeout: 60_000 });

      await rows.first().click();
      const detail = app.getByTestId('duplicates-detail');
      await expect(detail).toBeVisible();
      await expect(app.getByTestId('duplicates-explanation').locator('li').first()).toBeVisible();
      await expect(app.getByTestId('duplicates-detail-status')).toBeVisible();
      // phones and e-mails are shown as the unioned list, never as a choice
      await expect(detail.locator('[data-testid^="duplicates-union-"]').first()).toBeVisible();
      await expect(detail.getByTestId('duplicates-choice-phone')).toHaveCount(0);
      await expect(detail.getByTestId('duplicates-choice-email')).toHaveCount(0);

      // the first group whose cards disagree on a field (j moves to the next group)
      const choices = detail.locator('fieldset[data-testid^="duplicates-choice-"]');
      for (let k = 0; k < 20 && (await choices.count()) === 0; k++) {
        const shown = (await detail.getAttribute('data-group'))!;
        await app.getByTestId('duplicates-cards').click();
        await app.keyboard.press('j');
        await expect(detail).not.toHaveAttribute('data-group', shown);
      }
      const group = choices.first();
      await expect(group).toBeVisible();
      const field = (await group.getAttribute('data-field'))!;
      const options = group.getByTestId('duplicates-choice-option');
      expect(await options.count()).toBeGreaterThan(1);
      // the default is checked; pick another value with the keyboard (arrow keys move inside the radio group)
      const preset = group.locator('input[data-default="true"]');
      await expect(preset).toBeChecked();
      await preset.focus();
      await app.keyboard.press('ArrowDown');
      const picked = group.locator('input:checked');
      await expect(picked).toHaveAttribute('data-default', 'false');
      const value = (await picked.getAttribute('value'))!;
      await expect(app.getByTestId('duplicates-choice-reset')).toBeVisible();
      await shot(app, 'group-open');
      await readmeScreenshot(app, 'duplicates');

      // another survivor re-derives the defaults, but the explicit pick stays
      const other = detail.locator('[data-testid^="duplicates-make-survivor-"]').first();
      const survivor = Number((await other.getAttribute('data-testid'))!.replace('duplicates-make-survivor-', ''));
      await other.click();
      await expect(detail.getByTestId(`duplicates-make-survivor-${survivor}`)).toHaveCount(0);
      await expect(group.locator(`input[value='${value.replace(/'/g, "\\'")}']`)).toBeChecked();
      const from = Number(await group.locator('input:checked').getAttribute('data-from'));

      // "a" accepts the open group (also from a focused radio button)
      await group.locator('input:checked').focus();
      await app.keyboard.press('a');
      await expect
        .poll(async () => {
          const r = await rpc('match.decisions', { entity: 'contacts' });
          return r.ok ? r.value.map((d) => [d.kind, d.loserIds.length > 0]) : null;
        })
        .toEqual([['merge', true]]);
      const decisions = await rpc('match.decisions', { entity: 'contacts' });
      expect(decisions.ok).toBe(true);
      const decision = decisions.ok ? decisions.value[0]! : null;
      expect(decision?.survivorId).toBe(survivor);
      expect(decision?.survivorRule).toBe('manual');
      expect(decision?.fieldChoices[field]?.from).toBe(from);
      expect(JSON.stringify(decision?.fieldChoices[field]?.values.map((v) => v.trim()))).toBe(value);
      expect(decision?.ids).toContain(from);

      // the accepted group shows the stored choice
      await app.getByTestId('duplicates-groups').locator(`[data-row-id="${decision!.groupKey!}"]`).click();
      await expect(app.getByTestId('duplicates-detail-status')).toHaveAttribute('data-status', 'accepted');
      const storedGroup = detail.getByTestId(`duplicates-choice-${field}`);
      await expect(storedGroup).toHaveAttribute('data-stored', 'true');
      await expect(storedGroup.locator('input:checked')).toHaveAttribute('data-from', String(from));
      await expect(storedGroup.locator('input:checked')).toBeDisabled();
      await shot(app, 'group-accepted');
      await app.getByTestId('lang-switch').selectOption('en');
      await expect(app.getByTestId('duplicates-accept')).toContainText('Accept');
      await shot(app, 'group-accepted-en');
      await rows.first().click();
      await expect(app.getByTestId('duplicates-detail-status')).toHaveAttribute('data-status', 'open');
      await shot(app, 'group-open-en');
    } finally {
      await rpc('snapshot.close', {});
      snap.cleanup();
    }
  });
});
