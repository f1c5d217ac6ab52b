// runtime: node
/**
 * Issue 16's sprint through the UI, in Russian and in English, at 1280×720, against the demo
 * account: snapshot → review a duplicate group → accept → Changes: plan the merges → dry run
 * with the values before and after → push (a second push is impossible while it runs) → the
 * snapshot is offered for refresh → after it the merged losers no longer count in the audit's
 * duplicate findings and the group shows as merged → roll back. UI clicks drive every step;
 * the rpc fixture only checks. Screenshots of each step go to the test's output folder.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, type Rpc } from './fixtures';

const FINDINGS = ['duplicates.phone', 'duplicates.email'] as const;

test.use({ viewport: { width: 1280, height: 720 } });

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** Every card the findings flag, as "type:id". */
async function flagged(rpc: Rpc): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const f of FINDINGS) {
    const r = await rpc('audit.entities', { findingId: f, limit: 100_000 });
    expect(r.ok).toBe(true);
    out.set(f, new Set(r.ok ? r.value.rows.map((row) => `${row.entityType}:${row.id}`) : []));
  }
  return out;
}

for (const lang of ['ru', 'en'] as const) {
  test(`the cleanup sprint in the UI (${lang}): review → accept → plan merges → dry run → push → refresh → rollback`, async ({ app, rpc }) => {
    test.setTimeout(240_000);
    const fileName = `e2e-sprint-${lang}-${Date.now()}.amosweep`;
    await app.getByTestId('lang-switch').selectOption(lang);

    // connect the demo account and snapshot it
    await app.getByTestId('nav-connect').click();
    await app.getByTestId('connect-demo').click();
    const connection = app.getByTestId('connection-row').first();
    await expect(connection).toBeVisible({ timeout: 60_000 });
    await connection.getByTestId('connection-snapshot').click();
    await app.getByTestId('snapshot-file').fill(fileName);
    await app.getByTestId('snapshot-notes-months').fill('0');
    await app.getByTestId('snapshot-start').click();
    await expect(app.getByTestId('snapshot-jobs').getByTestId('job-progress').first()).toHaveAttribute('data-job-status', 'done', { timeout: 120_000 });
    await app.getByTestId('snapshot-open-result').click();
    await expect(app.getByTestId('status-snapshot-file')).toHaveText(fileName);

    // the audit's duplicate findings before
    await app.getByTestId('nav-audit').click();
    await expect(app.getByTestId('audit-card-duplicates.phone')).toBeVisible({ timeout: 60_000 });
    const before = await flagged(rpc);

    // review: the first group, accepted
    await app.getByTestId('nav-duplicates').click();
    await expect(app.getByTestId('duplicates')).toBeVisible({ timeout: 60_000 });
    await app.getByTestId('duplicates-run').click();
    const rows = app.getByTestId('duplicates-groups').getByTestId('data-row');
    await expect(rows.first()).toBeVisible({ timeout: 60_000 });
    await rows.first().click();
    await expect(app.getByTestId('duplicates-detail')).toBeVisible();
    await app.getByTestId('duplicates-accept').click();
    await expect.poll(async () => {
      const r = await rpc('plan.mergeGroups', {});
      return r.ok ? r.value.length : -1;
    }).toBe(1);
    const groupCall = await rpc('plan.mergeGroups', {});
    const group = groupCall.ok ? groupCall.value[0]! : null;
    expect(group).toMatchObject({ state: 'accepted' });
    const losers = group!.losers.map((l) => `${group!.entity}:${l.id}`);

    // Changes: the accepted group, and the control that plans its merge
    await app.getByTestId('nav-changes').click();
    const merges = app.getByTestId('changes-merges');
    await expect(merges).toHaveAttribute('data-accepted', '1');
    await expect(merges.getByTestId('changes-merge-group')).toHaveAttribute('data-state', 'accepted');
    await shot(app, `${lang}-1-accepted`);
    await merges.getByTestId('changes-plan-merges').click();
    await expect(merges.getByTestId('changes-merge-group')).toHaveAttribute('data-state', 'planned');
    const plan = app.getByTestId('changes-plan');
    await expect(plan).toHaveAttribute('data-status', 'open');
    const planId = Number(await plan.getAttribute('data-plan-id'));

    // dry run: the values before and after, nothing sent
    await app.getByTestId('changes-dry-run').click();
    await expect(app.getByTestId('changes-estimate')).toBeVisible();
    const dry = app.getByTestId('changes-dry-changes');
    await expect(dry).toBeVisible();
    const marks = dry.locator('[data-testid="changes-dry-row"][data-kind="merge.mark"]');
    await expect(marks.first()).toBeVisible();
    await expect(dry.getByTestId('changes-dry-after').filter({ hasText: `amosweep:merged→${group!.survivor.id}` }).first()).toBeVisible();
    // the operations table shows them too
    await expect(plan.getByTestId('changes-operations')).toContainText('amosweep:merged→');
    await dry.scrollIntoViewIfNeeded();
    await shot(app, `${lang}-2-dry-run`);

    // push: the confirm dialog counts the operations; a second push is impossible while it runs
    const pushButton = plan.getByTestId('changes-push');
    await pushButton.click();
    await expect(app.getByTestId('confirm-counts')).toContainText(/\d/);
    await shot(app, `${lang}-3-confirm`);
    await app.getByTestId('confirm-ok').click();
    await expect(pushButton).toBeDisabled();
    const connections = await rpc('connect.list', {});
    const again = await rpc('plan.push', { plan: planId, connectionId: connections.ok ? connections.value[0]!.id : 'x', rps: 7 });
    // refused while the run goes on (or, if the run has ended already, a run of nothing left)
    if (!again.ok) expect(again.error).toMatchObject({ code: 'CONFLICT' });
    await expect(plan.getByTestId('job-progress').first()).toHaveAttribute('data-job-status', 'done', { timeout: 90_000 });
    await expect(plan).toHaveAttribute('data-status', 'done');
    await expect(merges.getByTestId('changes-merge-group')).toHaveAttribute('data-state', 'merged');

    // the snapshot is stale: refresh it from the notice
    const stale = app.getByTestId('changes-stale');
    await expect(stale).toBeVisible();
    await shot(app, `${lang}-4-pushed-stale`);
    await stale.getByTestId('changes-stale-refresh').click();
    await expect(stale).toHaveCount(0, { timeout: 90_000 });
    await expect(app.getByTestId('status-snapshot-file')).toHaveText(fileName);

    // the merged losers no longer count in the duplicate findings; the group is merged, not pending
    await app.getByTestId('nav-audit').click();
    await expect(app.getByTestId('audit-card-duplicates.phone')).toBeVisible({ timeout: 60_000 });
    const after = await flagged(rpc);
    let dropped = 0;
    for (const f of FINDINGS) {
      for (const l of losers) expect(after.get(f)!.has(l), `${l} in ${f}`).toBe(false);
      dropped += losers.filter((l) => before.get(f)!.has(l)).length;
      expect(after.get(f)!.size).toBeLessThanOrEqual(before.get(f)!.size);
    }
    const total = (m: Map<string, Set<string>>) => [...m.values()].reduce((n, s) => n + s.size, 0);
    if (dropped > 0) expect(total(after)).toBeLessThan(total(before));
    await shot(app, `${lang}-5-audit-after`);
    const states = await rpc('plan.mergeGroups', {});
    expect(states.ok && states.value.map((g) => g.state)).toEqual(['merged']);

    // roll back: a rollback plan, pushed like any plan; the group is accepted again
    await app.getByTestId('nav-changes').click();
    await app.getByTestId(`changes-plan-${planId}`).click();
    await expect(plan).toHaveAttribute('data-plan-id', String(planId));
    await plan.getByTestId('changes-rollback').click();
    await expect(app.getByTestId('confirm-counts')).toContainText(/\d/);
    await app.getByTestId('confirm-ok').click();
    await expect(plan).not.toHaveAttribute('data-plan-id', String(planId));
    await plan.getByTestId('changes-push').click();
    await app.getByTestId('confirm-ok').click();
    await expect(plan.getByTestId('job-progress').first()).toHaveAttribute('data-job-status', 'done', { timeout: 90_000 });
    await expect(plan).toHaveAttribute('data-status', 'done');
    await expect(merges.getByTestId('changes-merge-group')).toHaveAttribute('data-state', 'accepted');
    await expect(app.getByTestId('changes-stale')).toBeVisible();
    // the forward plan cannot be rolled back twice
    await app.getByTestId(`changes-plan-${planId}`).click();
    await expect(plan.getByTestId('changes-rollback')).toBeDisabled();
    await shot(app, `${lang}-6-rolled-back`);

    const current = await rpc('snapshot.current', {});
    await rpc('snapshot.close', {});
    if (current.ok && current.value) fs.rmSync(current.value.file, { force: true });
  });
}
