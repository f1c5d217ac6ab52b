// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../e2e/screenshot-path';

const ROOT = path.resolve(__dirname, '..');
const out = (f: string) => path.join('/tmp/test-results/x', f);

describe('README screenshots', () => {
  it('go to the test output folder unless AMOSWEEP_SCREENSHOTS=1 (npm test leaves the work tree clean)', () => {
    expect(screenshotPath('audit', out, {})).toBe('/tmp/test-results/x/audit.png');
    expect(screenshotPath('audit', out, { AMOSWEEP_SCREENSHOTS: '0' })).toBe('/tmp/test-results/x/audit.png');
    expect(screenshotPath('audit', out, { AMOSWEEP_SCREENSHOTS: '1' })).toBe(path.join(ROOT, 'docs/screenshots/audit.png'));
  });

  it('no spec writes into docs/ by itself: every screenshot of docs goes through readmeScreenshot', () => {
    const dir = path.join(ROOT, 'e2e');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      if (f === 'screenshot-path.ts') continue;
      expect(text, f).not.toMatch(/['"]docs['"]\s*,\s*['"]screenshots['"]|docs\/screenshots/);
    }
  });

  it('npm run screenshots is the run that sets AMOSWEEP_SCREENSHOTS=1; npm test does not', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.screenshots).toBe('node scripts/screenshots.mjs');
    expect(fs.readFileSync(path.join(ROOT, 'scripts/screenshots.mjs'), 'utf8')).toContain("AMOSWEEP_SCREENSHOTS: '1'");
    for (const f of ['scripts/test-all.mjs', 'scripts/e2e.mjs']) expect(fs.readFileSync(path.join(ROOT, f), 'utf8')).not.toContain('AMOSWEEP_SCREENSHOTS');
  });
});
