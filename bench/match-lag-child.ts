// runtime: node
/**
 * match.run's main-thread lag (issue 11), in a fresh process: writes N synthetic contacts into a
 * snapshot file (in a child process), then matches them as match.run does (the worker thread computes, this thread stores
 * the groups) while monitorEventLoopDelay samples this thread's event loop. Prints JSON.
 * node bin/run-ts.mjs bench/match-lag-child.ts N
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { closeSnapshotDb, openSnapshotDb } from '../electron/services/db/open';
import { presetRules } from '../electron/services/match/rules';
import { MatchStore } from '../electron/services/match/store';
import { runMatchInWorker } from '../electron/services/match/worker-run';
import { synthContacts } from './match-synth';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const n = Number(process.argv[2] ?? '10000');
const buildOnly = process.argv[3];

/** Writes n synthetic contacts into a new snapshot file (in its own process: its heap never burdens the measurement). */
function build(file: string): void {
  const db = openSnapshotDb(file, { mode: 'create' });
  const { entities } = synthContacts(n);
  const insert = db.prepare('INSERT INTO contacts (id, name, responsible_user_id, created_at, updated_at, raw) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const e of entities) insert.run(e.id, e.name ?? null, e.responsible_user_id ?? null, e.created_at ?? null, e.updated_at ?? null, JSON.stringify(e));
  })();
  // the file as the app finds it: its write-ahead log checkpointed
  db.pragma('wal_checkpoint(TRUNCATE)');
  closeSnapshotDb(db);
}

if (buildOnly) {
  build(buildOnly);
  process.exit(0);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-match-lag-'));
try {
  const file = path.join(dir, 'lag.amosweep');
  execFileSync(process.execPath, ['--max-old-space-size=4096', path.join(root, 'bin/run-ts.mjs'), fileURLToPath(import.meta.url), String(n), file], { stdio: 'inherit' });
  const db = openSnapshotDb(file, { mode: 'readwrite' });
  const rules = presetRules('balanced', 'contacts');
  // the longest task this thread runs: sampled every 10 ms; a tick that comes late by more shows it
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  let maxGapMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last - 10);
    last = now;
  }, 10);
  histogram.enable();
  // the same monitor with nothing to do: on a shared machine the OS alone delays ticks
  await new Promise((r) => setTimeout(r, 3000));
  const idleMaxMs = Math.max(maxGapMs, histogram.max / 1e6);
  maxGapMs = 0;
  histogram.reset();
  const started = performance.now();
  const phases: string[] = [];
  const computed = await runMatchInWorker({ file, entity: 'contacts', rules, onProgress: (p) => phases.push(p) });
  const computedAt = performance.now();
  const info = await new MatchStore(db).saveInTurns('contacts', computed, rules, 'balanced', null);
  const saveMs = performance.now() - computedAt;
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(timer);
  histogram.disable();
  closeSnapshotDb(db);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ n, seconds, groups: info.groups, maxLagMs: Math.max(maxGapMs, histogram.max / 1e6), idleMaxLagMs: idleMaxMs, p99LagMs: histogram.percentile(99) / 1e6, saveMs, phases: phases.length, peakMb })}\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
