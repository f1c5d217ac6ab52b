// runtime: node
// `npm run screenshots`: the e2e specs of the web project with AMOSWEEP_SCREENSHOTS=1, the only
// run that writes the README screenshots (docs/screenshots/*.png). `npm test` never does.
// Extra arguments go to Playwright (e.g. a single spec file).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/e2e.mjs'), '--project', 'web', ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, AMOSWEEP_SCREENSHOTS: '1' },
});
process.exit(result.status ?? 1);
