// runtime: node
/**
 * Issue 4's path through the UI: connect the demo account → snapshot with progress → open →
 * browse → search → record card → close, forget the connection, and open the file again
 * offline. Written by the renderer engineer against the test ids in renderer/README.md.
 */
import { expect, readmeScreenshot, test } from './fixtures';

test.describe('connect → snapshot → browse', () => {
  test('takes a demo snapshot, browses and searches it, and reopens it offline', async ({ app, rpc }) => {
    test.setTimeout(240_000);
    const fileName = `e2e-${Date.now()}.amosweep`;

    // connect the demo account
    await app.getByTestId('nav-connect').click();
    await app.getByTestId('connect-demo').click();
    const connection = app.getByTestId('connection-row').first();
    await expect(connection).toBeVisible({ timeout: 60_000 });

    // snapshot it, with progress
    await connection.getByTestId('connection-snapshot').click();
    await expect(app.locator('[data-screen="snapshot"]')).toBeVisible();
    await app.getByTestId('snapshot-file').fill(fileName);
    await app.getByTestId('snapshot-start').click();
    const job = app.getByTestId('snapshot-jobs').getByTestId('job-progress').first();
    await expect(job).toBeVisible();
    await expect(job.getByRole('progressbar').first()).toBeVisible();
    await expect(job.locator('[data-step="contacts"]')).toHaveCount(1);
    await expect(job).toHaveAttribute('data-job-status', 'done', { timeout: 180_000 });

    // open it: the status bar names the file
    await app.getByTestId('snapshot-open-result').click();
    await expect(app.getByTestId('status-snapshot')).toHaveAttribute('data-open', 'true');
    await expect(app.getByTestId('status-snapshot-file')).toHaveText(fileName);
    // the demo account is understood entirely: the "shapes not understood" report says so
    await expect(app.getByTestId('snapshot-shapes-none')).toBeVisible();

    // browse contacts
    await app.getByTestId('nav-browse').click();
    const table = app.getByTestId('browse-table');
    const rows = table.getByTestId('data-row');
    await expect(rows.first()).toBeVisible({ timeout: 30_000 });
    const footer = table.getByTestId('table-rowcount');
    const total = Number(await footer.getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);

    // quick search by the first row's name
    const name = ((await rows.first().getByRole('gridcell').nth(1).textContent()) ?? '').trim();
    expect(name).not.toBe('');
    await app.getByTestId('browse-search').fill(name);
    await expect(app.getByTestId('browse-search-status')).not.toBeEmpty();
    await expect(table.getByRole('gridcell', { name, exact: true }).first()).toBeVisible();
    expect(Number(await footer.getAttribute('data-count'))).toBeLessThanOrEqual(total);

    // keyboard: focus the grid, move to the first row, open its card
    await table.getByRole('grid').focus();
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('Enter');
    const detail = app.getByTestId('browse-detail');
    await expect(detail).toBeVisible();
    await expect(app.getByTestId('browse-detail-linked')).toBeVisible();
    await detail.locator('summary').click();
    await expect(app.getByTestId('browse-detail-raw')).toContainText('"id"');
    await readmeScreenshot(app, 'browse');

    // offline: close the snapshot, forget every connection, open the file from the list
    await app.getByTestId('nav-snapshot').click();
    await app.getByTestId('snapshot-close').click();
    await expect(app.getByTestId('status-snapshot')).toHaveAttribute('data-open', 'false');
    const list = await rpc('connect.list', {});
    if (list.ok) for (const c of list.value) await rpc('connect.forget', { connectionId: c.id });
    await app.getByTestId('snapshot-files-reload').click();
    const fileRow = app.locator(`[data-testid="snapshot-file-row"][data-file$="${fileName}"]`);
    await expect(fileRow).toHaveAttribute('data-valid', 'true');
    await fileRow.getByTestId('snapshot-file-open').click();
    await expect(app.getByTestId('status-snapshot')).toHaveAttribute('data-open', 'true');
    await app.getByTestId('nav-browse').click();
    await expect(app.getByTestId('browse-table').getByTestId('data-row').first()).toBeVisible({ timeout: 30_000 });

    // leave the shared server as we found it
    await rpc('snapshot.close', {});
  });
});
