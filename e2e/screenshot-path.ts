// runtime: node
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Where a README screenshot goes: docs/screenshots/<name>.png only under `npm run screenshots`
 * (AMOSWEEP_SCREENSHOTS=1), so that `npm test` never rewrites tracked files; otherwise the
 * test's own output folder (test-results/, ignored by git), so the same code path still runs.
 */
export function screenshotPath(name: string, outputPath: (file: string) => string, env: NodeJS.ProcessEnv = process.env): string {
  return env.AMOSWEEP_SCREENSHOTS === '1' ? path.join(ROOT, 'docs', 'screenshots', `${name}.png`) : outputPath(`${name}.png`);
}
