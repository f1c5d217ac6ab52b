// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, readmeScreenshot, ROOT, test } from './fixtures';

const SCREENS = ['connect', 'snapshot', 'browse', 'audit', 'duplicates', 'changes', 'compare'] as const;
const LANGUAGES = ['ru', 'en'] as const;
type Lang = (typeof LANGUAGES)[number];

/** The navigation names as the translators wrote them (renderer/src/i18n/locales/<lang>/common.json). */
function navLabels(lang: Lang): Record<string, string> {
  const file = path.join(ROOT, 'renderer/src/i18n/locales', lang, 'common.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { nav: Record<string, string> }).nav;
}

/** Uncaught page errors and CSP violations: the shell must load cleanly under its policy. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return problems;
}

async function switchLanguage(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId('lang-switch').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

test.describe('app shell', () => {
  test('visits every screen in Russian and English', async ({ app }) => {
    const problems = watchProblems(app);
    // Russian is the default language
    await expect(app.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(app.locator('[data-testid^="nav-"]')).toHaveCount(SCREENS.length);
    for (const lang of LANGUAGES) {
      await switchLanguage(app, lang);
      const labels = navLabels(lang);
      for (const id of SCREENS) {
        const tab = app.getByTestId(`nav-${id}`);
        await expect(tab).toHaveText(labels[id]!);
        await tab.click();
        await expect(app.locator(`[data-screen="${id}"]`)).toBeVisible();
        await expect(tab).toHaveAttribute('aria-selected', 'true');
        await expect(app.getByTestId('error-boundary')).toHaveCount(0);
        await expect(app).toHaveTitle(new RegExp(`^${labels[id]!} · AmoSweep$`));
      }
    }
    expect(problems).toEqual([]);
  });

  test('the bridge answers 401 to a request without the token', async ({ app, bridge, transport }) => {
    test.skip(transport !== 'web', 'the HTTP bridge exists in the web transport only');
    const direct = await app.request.post(`http://127.0.0.1:${bridge!.port}/api/rpc/app.info`, { data: {} });
    expect(direct.status()).toBe(401);
    expect(await direct.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // and from the page itself: a fetch without the Authorization header
    const fromPage = await app.evaluate(async () => {
      const res = await fetch('/api/rpc/app.info', { method: 'POST', body: '{}' });
      return { status: res.status, body: (await res.json()) as unknown };
    });
    expect(fromPage).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHORIZED' } } });
  });

  test('the shell talks to the services (app.info through the same transport)', async ({ rpc, transport }) => {
    const info = await rpc('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'AmoSweep', transport } });
  });

  test('takes the README screenshots', async ({ app, transport }) => {
    test.skip(transport !== 'web', 'the README screenshots come from the web transport');
    for (const [lang, name] of [
      ['ru', 'shell'],
      ['en', 'shell-en'],
    ] as const) {
      await switchLanguage(app, lang);
      await app.getByTestId('nav-connect').click();
      await expect(app.locator('[data-screen="connect"]')).toBeVisible();
      await expect(app.locator('.loading')).toHaveCount(0);
      await readmeScreenshot(app, name);
    }
  });
});
