// runtime: node
// `npm test`: typecheck, lint, unit tests, e2e, in that order. Output streams as it comes;
// the first failing step stops the run with a non-zero exit. The last line is always
// "N passed, N failed": the tests of vitest and Playwright (read from their JSON reports),
// plus one failure for a failing typecheck or lint step. `--from <step>` skips the earlier steps.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPORTS = path.join(ROOT, '.tmp', 'test-reports');
const VITEST_JSON = path.join(REPORTS, 'vitest.json');
const PLAYWRIGHT_JSON = path.join(REPORTS, 'playwright.json');
const bin = (p) => path.join(ROOT, 'node_modules', p);

const totals = { passed: 0, failed: 0, skipped: 0 };

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function countVitest() {
  const report = readJson(VITEST_JSON);
  if (!report) return null;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function countPlaywright() {
  const report = readJson(PLAYWRIGHT_JSON);
  if (!report?.stats) return null;
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}

const steps = [
  { key: 'typecheck', name: 'typecheck', args: [bin('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'] },
  { key: 'typecheck', name: 'typecheck shared/', args: [bin('typescript/bin/tsc'), '-p', 'shared/tsconfig.json', '--noEmit'] },
  { key: 'lint', name: 'lint', args: [bin('eslint/bin/eslint.js'), '.', '--max-warnings', '0'] },
  {
    key: 'unit',
    name: 'unit tests (vitest)',
    args: [bin('vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`],
    count: countVitest,
  },
  { key: 'e2e', name: 'e2e (playwright)', args: [path.join(ROOT, 'scripts/e2e.mjs')], env: { AMOSWEEP_PW_JSON: PLAYWRIGHT_JSON }, count: countPlaywright },
];

// `npm test -- --from unit` starts at a later step (typecheck, lint, unit, e2e)
const fromIndex = process.argv.indexOf('--from');
const from = fromIndex >= 0 ? process.argv[fromIndex + 1] : 'typecheck';
const first = steps.findIndex((s) => s.key === from);
if (first < 0) {
  console.error(`unknown step "${from}"; steps: typecheck, lint, unit, e2e`);
  process.exit(2);
}

fs.rmSync(REPORTS, { recursive: true, force: true });
fs.mkdirSync(REPORTS, { recursive: true });

function finish(code) {
  if (totals.skipped) console.log(`(${totals.skipped} skipped)`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(code);
}

for (const step of steps.slice(first)) {
  const started = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const result = spawnSync(process.execPath, step.args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...(step.env ?? {}) },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counted = step.count?.() ?? null;
  if (counted) {
    totals.passed += counted.passed;
    totals.failed += counted.failed;
    totals.skipped += counted.skipped;
  }
  const code = result.status ?? 1;
  if (code !== 0 || result.error) {
    if (!counted || counted.failed === 0) totals.failed += 1;
    console.error(`\n=== ${step.name}: FAILED (exit ${code}${result.error ? `, ${result.error.message}` : ''}) after ${seconds}s ===`);
    finish(code || 1);
  }
  console.log(`=== ${step.name}: ok (${seconds}s) ===`);
}
finish(0);
