// runtime: node
/**
 * Issue 7's loop through the UI on the web bridge, against the demo account (the in-process
 * fake amoCRM server): snapshot → Audit → Fix "lost without a reason" → Changes: plan from the
 * Fix intents → dry run → push → refresh: the finding is gone → roll back → push the rollback →
 * refresh: the finding is back. UI clicks drive every step; the rpc fixture only checks.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, readmeScreenshot, test, type Rpc } from './fixtures';

const FINDING = 'leads.lost_without_reason';

test.describe('changes: fix → plan → dry run → push → refresh → rollback', () => {
  test('pushes a fill.loss_reason plan to the demo account and rolls it back', async ({ app, rpc }) => {
    test.setTimeout(150_000);
    const fileName = `e2e-changes-${Date.now()}.amosweep`;

    // connect the demo account and snapshot it (no notes: the loss reasons need none)
    await app.getByTestId('nav-connect').click();
    await app.getByTestId('connect-demo').click();
    const connection = app.getByTestId('connection-row').first();
    await expect(connection).toBeVisible({ timeout: 60_000 });
    await connection.getByTestId('connection-snapshot').click();
    await app.getByTestId('snapshot-file').fill(fileName);
    await app.getByTestId('snapshot-notes-months').fill('0');
    await app.getByTestId('snapshot-start').click();
    await expect(app.getByTestId('snapshot-jobs').getByTestId('job-progress').first()).toHaveAttribute('data-job-status', 'done', { timeout: 90_000 });
    await app.getByTestId('snapshot-open-result').click();
    await expect(app.getByTestId('status-snapshot-file')).toHaveText(fileName);

    // Audit → the finding → Fix
    const before = await findingCount(app);
    expect(before).toBeGreaterThan(0);
    await app.getByTestId(`audit-card-${FINDING}`).click();
    await app.getByTestId('audit-fix').click();
    await expect(app.getByTestId('audit-intents')).toBeVisible();

    // Changes: the Fix intent becomes a plan of fill.loss_reason operations
    await app.getByTestId('nav-changes').click();
    const intents = app.getByTestId('changes-intents');
    await expect(intents).toHaveAttribute('data-count', '1');
    await expect(intents.getByTestId('changes-intent')).toHaveAttribute('data-operation', 'fill.loss_reason');
    // no reason is chosen for the admin: with none (and no suggestions) nothing can be planned
    await expect(app.getByTestId('changes-intents-reason')).toHaveValue('');
    await expect(app.getByTestId('changes-from-intents')).toBeDisabled();
    await app.getByTestId('changes-intents-reason').selectOption({ index: 1 });
    // reasons suggested from the deals' task results, shown for review before planning
    await app.getByTestId('changes-intents-suggest').check();
    const suggestedCall = await rpc('plan.suggestLossReasons', { limit: 0 });
    expect(suggestedCall.ok).toBe(true);
    const suggested = suggestedCall.ok ? suggestedCall.value.suggested : -1;
    await expect(app.getByTestId('changes-suggested')).toHaveAttribute('data-count', String(suggested));
    if (suggested > 0) await expect(app.getByTestId('changes-suggested-row')).toHaveCount(Math.min(suggested, 200));
    // one suggestion rejected: that deal is left out of the plan
    const rejected = suggested > 0 ? 1 : 0;
    if (rejected) await app.getByTestId('changes-suggested-accept').first().uncheck();
    await app.getByTestId('changes-from-intents').click();
    await expect(intents).toHaveCount(0);
    const plan = app.getByTestId('changes-plan');
    await expect(plan).toHaveAttribute('data-status', 'open');
    const planId = Number(await plan.getAttribute('data-plan-id'));
    await expect(plan.getByTestId('table-rowcount')).toHaveAttribute('data-total', String(before - rejected));
    const ops = await rpc('plan.operations', { plan: planId, limit: 5000 });
    expect(ops.ok && ops.value.every((o) => o.kind === 'fill.loss_reason' && o.status === 'planned')).toBe(true);
    // the suggested deals carry the reason from their notes; the rest the chosen one
    expect(ops.ok && ops.value.filter((o) => o.source?.endsWith('+notes')).length).toBe(suggested - rejected);

    // dry run: request count and time, nothing sent
    await app.getByTestId('changes-dry-run').click();
    const estimate = app.getByTestId('changes-estimate');
    await expect(estimate).toBeVisible();
    const dry = await rpc('plan.dryRun', { plan: planId, limit: 0 });
    expect(dry.ok).toBe(true);
    if (!dry.ok) return;
    expect(dry.value.requests).toBeGreaterThan(0);
    expect(dry.value.entities).toBe(before - rejected);
    const text = (await estimate.textContent()) ?? '';
    expect(text.replace(/\s/g, '')).toMatch(new RegExp(`(запросов:${dry.value.requests}→|→${dry.value.requests}requests)`));
    // the time as a person reads it (e.g. "about 4 s", "около 9 мин 30 с"), rounded up
    expect(text).toMatch(/(about|около) \d+\s?(min|мин|sec|s|с)/);
    await readmeScreenshot(app, 'changes');

    // XLSX export of the plan
    await app.getByTestId('changes-export-xlsx').click();
    await expect(app.locator('.toast').filter({ hasText: `plan-${planId}-` })).toBeVisible();

    // push through the demo connection
    await pushSelected(app);
    await expect.poll(async () => statuses(rpc, planId)).toEqual({ applied: before - rejected });

    // refresh the snapshot: the finding is gone
    await refresh(app, fileName);
    expect(await findingCount(app)).toBe(rejected);

    // roll back: a rollback plan, pushed like any plan
    await app.getByTestId('nav-changes').click();
    await app.getByTestId(`changes-plan-${planId}`).click();
    await expect(plan).toHaveAttribute('data-plan-id', String(planId));
    await app.getByTestId('changes-rollback').click();
    await app.getByTestId('confirm-ok').click();
    await expect(plan).not.toHaveAttribute('data-plan-id', String(planId));
    const rollbackId = Number(await plan.getAttribute('data-plan-id'));
    await expect(plan.getByTestId('table-rowcount')).toHaveAttribute('data-total', String(before - rejected));
    await pushSelected(app);
    await expect.poll(async () => statuses(rpc, rollbackId)).toEqual({ applied: before - rejected });

    // refresh again: the finding is back
    await refresh(app, fileName);
    expect(await findingCount(app)).toBe(before);

    const current = await rpc('snapshot.current', {});
    await rpc('snapshot.close', {});
    if (current.ok && current.value) fs.rmSync(current.value.file, { force: true });
  });
});

/** The audit card's count of the finding (the Audit screen runs the audit of the open snapshot). */
async function findingCount(app: Page): Promise<number> {
  await app.getByTestId('nav-audit').click();
  const card = app.getByTestId(`audit-card-${FINDING}`);
  await expect(card).toBeVisible({ timeout: 60_000 });
  return Number(await card.getAttribute('data-count'));
}

/** Push the plan shown in the Changes screen, confirm, and wait for the job. */
async function pushSelected(app: Page): Promise<void> {
  const plan = app.getByTestId('changes-plan');
  await plan.getByTestId('changes-push').click();
  await app.getByTestId('confirm-ok').click();
  await expect(plan.getByTestId('job-progress')).toHaveAttribute('data-job-status', 'done', { timeout: 60_000 });
  await expect(plan).toHaveAttribute('data-status', 'done');
}

/** Refresh the snapshot file from the Snapshot screen's list; it is opened again when done. */
async function refresh(app: Page, fileName: string): Promise<void> {
  await app.getByTestId('nav-snapshot').click();
  const row = app.locator(`[data-testid="snapshot-file-row"][data-file$="${fileName}"]`);
  // the refresh's own job, not a finished one still listed
  const jobs = '[data-testid="snapshot-jobs"] [data-testid="job-progress"]';
  const old = await app.locator(jobs).evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id') ?? ''));
  await row.getByTestId('snapshot-file-refresh').click();
  const job = app.locator(`${jobs}${old.map((id) => `:not([data-job-id="${id}"])`).join('')}`).first();
  await expect(job).toHaveAttribute('data-job-status', 'done', { timeout: 60_000 });
  await expect(app.getByTestId('status-snapshot')).toHaveAttribute('data-open', 'true');
  await expect(app.getByTestId('status-snapshot-file')).toHaveText(fileName);
}

async function statuses(rpc: Rpc, plan: number): Promise<Record<string, number> | null> {
  const list = await rpc('plan.list', {});
  return list.ok ? (list.value.find((p) => p.id === plan)?.byStatus ?? null) : null;
}
