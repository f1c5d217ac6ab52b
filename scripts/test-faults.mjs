// runtime: node
// The whole fault matrix of docs/reliability.md: the same test files `npm test` runs a seeded
// subset of, with AMOSWEEP_FAULTS=full (20 kill -9 points per command, every fault switch with
// three seeds, the 429 cases at 3 and 5 rps with both rate models). Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = [
  'electron/cli/commands/fault-matrix.test.ts',
  'electron/cli/commands/push-resume.test.ts',
  'electron/cli/commands/push-failed.test.ts',
  'electron/services/push/failed-retry.test.ts',
  'electron/services/push/concurrent-edit.test.ts',
  'electron/services/amo/adaptive-rate.test.ts',
  'electron/cli/commands/push.test.ts',
  'electron/cli/commands/snapshot.test.ts',
  // bad files and two writers
  'electron/cli/commands/read-only.test.ts',
  'electron/services/db/open.test.ts',
  'electron/services/snapshot/non-admin.test.ts',
  'electron/services/match/line-reader.test.ts',
  'electron/cli/commands/two-writers.faults.test.ts',
  'electron/services/snapshot/two-snapshots.test.ts',
  'electron/services/db/writer-lock.faults.test.ts',
  'electron/services/db/writer-lock.test.ts',
];
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const r = spawnSync(process.execPath, [vitest, 'run', ...files, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AMOSWEEP_FAULTS: 'full' },
});
process.exit(r.status ?? 1);
