// runtime: node
/**
 * Issue 11 in the UI: a "Входящий звонок" card made by telephony is grouped with its named twin and
 * accepted for merge in the review; a family on one home landline (Медведев / Медведева, different
 * first names) is never grouped. The review shows the placeholder name as such, the shared phone's kind and
 * the weights as strengths; the accepted merge is planned and dry-run in Changes, which marks the
 * telephony card as merged into its twin.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateAccount } from '../fake-amocrm/generator/index';
import { writeFixtureSnapshot } from '../electron/services/snapshot/testing/fixture-file';
import { expect, test } from './fixtures';

const AS_OF = '2020-12-31T00:00:00.000Z';
const IDS = { named: 990_000_001, call: 990_000_002, husband: 990_000_003, wife: 990_000_004 };

function contact(id: number, name: string, phones: string[]): Record<string, unknown> {
  return {
    id,
    name,
    first_name: '',
    last_name: '',
    responsible_user_id: null,
    created_at: 1_600_000_000,
    updated_at: 1_600_000_000,
    is_deleted: false,
    custom_fields_values: [{ field_id: 511_003, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: phones.map((value) => ({ value, enum_code: 'MOB' })) }],
    _embedded: { tags: [], companies: [] },
  };
}

function makeSnapshot(): { file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-e2e-dups-ru-'));
  const file = path.join(dir, 'ru-classes.amosweep');
  const { fixtures } = generateAccount({ profile: 'reference', scale: 0.02, seed: 11, asOf: new Date(AS_OF) });
  const contacts = fixtures.collections.contacts as unknown as Record<string, unknown>[];
  const user = (contacts[0]?.responsible_user_id as number | undefined) ?? null;
  const extra = [
    contact(IDS.named, 'Смирнова Маргарита Олеговна', ['+7 (912) 345-67-89']),
    contact(IDS.call, 'Входящий звонок', ['89123456789']),
    contact(IDS.husband, 'Медведев Тимофей', ['+7 (495) 123-45-67', '+7 916 555-00-01']),
    contact(IDS.wife, 'Медведева Полина', ['8 495 1234567', '+7 916 555-00-02']),
  ].map((c) => ({ ...c, responsible_user_id: user }));
  contacts.push(...extra);
  writeFixtureSnapshot(file, fixtures, { finishedAt: new Date(AS_OF) });
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('a "Входящий звонок" card is accepted for merge with its named twin; a family on one landline stays apart', async ({ app, rpc }) => {
  test.setTimeout(180_000);
  const snap = makeSnapshot();
  try {
    expect((await rpc('snapshot.open', { file: snap.file, access: 'edit' })).ok).toBe(true);
    await app.getByTestId('nav-duplicates').click();
    await expect(app.getByTestId('duplicates')).toBeVisible({ timeout: 60_000 });
    await app.getByTestId('duplicates-run').click();
    const key = `${IDS.named},${IDS.call}`;
    const row = app.getByTestId('duplicates-groups').locator(`[data-row-id="${key}"]`);
    await expect(row).toBeVisible({ timeout: 90_000 });
    await expect(app.getByTestId('duplicates-reviewed')).toBeVisible();

    // the family is in no group
    const groups = await rpc('match.groups', { entity: 'contacts', status: 'all', offset: 0, limit: 50_000 });
    expect(groups.ok).toBe(true);
    const all = groups.ok ? groups.value.groups : [];
    expect(all.some((g) => g.ids.includes(IDS.husband) && g.ids.includes(IDS.wife))).toBe(false);

    // review and accept the telephony card with its twin; the kept name is the full Cyrillic name
    await row.click();
    const detail = app.getByTestId('duplicates-detail');
    await expect(detail).toHaveAttribute('data-group', key);
    // the review words the evidence: the placeholder name as such, the phone's kind, a strength for the weight
    await expect(detail.getByTestId('duplicates-card-placeholder')).toHaveText('заглушка: Входящий звонок');
    await expect(detail.getByTestId('duplicates-placeholder')).toContainText(`#${IDS.call} — заглушка: Входящий звонок`);
    const evidence = detail.getByTestId('duplicates-evidence').first();
    await expect(evidence).toContainText('Телефоны: общий (мобильный');
    await expect(evidence).toContainText(/сильный признак \(\+\d+,\d\)/);
    await expect(evidence).not.toContainText(/\+\d+\.\d\d/);
    // the weights of the run, with where they come from
    await expect(app.getByTestId('duplicates-weights')).toBeVisible();
    await expect(app.getByTestId('duplicates-weight-row').first()).toHaveAttribute('data-source', /^(learned|prior|pinned)$/);
    // the named card survives (the telephony card is merged into it)
    const keepNamed = detail.getByTestId(`duplicates-make-survivor-${IDS.named}`);
    if ((await keepNamed.count()) > 0) await keepNamed.click();
    await app.getByTestId('duplicates-accept').click();
    await expect
      .poll(async () => {
        const r = await rpc('match.decisions', { entity: 'contacts' });
        return r.ok ? r.value.filter((d) => d.kind === 'merge').map((d) => d.groupKey) : null;
      })
      .toEqual([key]);
    const decisions = await rpc('match.decisions', { entity: 'contacts' });
    const merge = decisions.ok ? decisions.value.find((d) => d.groupKey === key) : undefined;
    expect(merge?.fieldChoices.name?.values).toEqual(['Смирнова Маргарита Олеговна']);

    // the accepted group stays reachable through the status filter
    await app.getByTestId('duplicates-status-filter').selectOption('accepted');
    await expect(app.getByTestId('duplicates-groups').locator(`[data-row-id="${key}"]`)).toBeVisible();

    // Changes: plan the accepted merge and dry-run it; the telephony card is marked as merged into its named twin
    await app.getByTestId('nav-changes').click();
    const merges = app.getByTestId('changes-merges');
    await expect(merges).toHaveAttribute('data-accepted', '1');
    await merges.getByTestId('changes-plan-merges').click();
    await expect(merges.getByTestId('changes-merge-group')).toHaveAttribute('data-state', 'planned');
    await app.getByTestId('changes-dry-run').click();
    const dry = app.getByTestId('changes-dry-changes');
    await expect(dry).toBeVisible({ timeout: 60_000 });
    await expect(dry.getByTestId('changes-dry-after').filter({ hasText: `amosweep:merged→${IDS.named}` }).first()).toBeVisible();
  } finally {
    await rpc('snapshot.close', {});
    snap.cleanup();
  }
});
