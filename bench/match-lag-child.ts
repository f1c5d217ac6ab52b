// runtime: node
/**
 * match.run's main-thread lag (issue 11), in a fresh process: writes N synthetic contacts into a
 * snapshot file (in a child process), then matches them as match.run does (runMatchAndStore: the
 * worker thread computes and stores the run while this thread holds the file's writer lock) while
 * monitorEventLoopDelay and a 10 ms timer sample this thread's event loop. Each tick later than
 * 50 ms is listed with the stage the worker had reported last. Prints JSON.
 * node bin/run-ts.mjs bench/match-lag-child.ts N
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { closeSnapshotDb, openSnapshotDb } from '../electron/services/db/open';
import { presetRules } from '../electron/services/match/rules';
import { acquireWriterLockSync } from '../electron/services/db/writer-lock';
import { MatchStore } from '../electron/services/match/store';
import { runMatchAndStore } from '../electron/services/match/worker-run';
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
  let stage = 'start';
  const stalls: { ms: number; busyMs: number; cpuMs: number | null; at: number; stage: string }[] = [];
  // how long the loop was busy (running tasks, not waiting for events) between two ticks: a late
  // tick with a short busy time was delayed by the OS (other processes on the CPUs), not by a task
  let elu = performance.eventLoopUtilization();
  // this thread's own CPU time (Linux: /proc/self/task/PID/stat, utime + stime in 10 ms ticks), or
  // null elsewhere: a busy stretch without CPU time is this thread waiting for a core, not a task
  const statFile = `/proc/self/task/${process.pid}/stat`;
  const cpuMs = (): number | null => {
    try {
      const fields = fs.readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return null;
    }
  };
  let cpuBefore = cpuMs();
  let maxCpuMs = 0;
  let maxBusyMs = 0;
  let maxBusyStage = '';
  const timer = setInterval(() => {
    const now = performance.now();
    const gap = now - last - 10;
    const delta = performance.eventLoopUtilization(elu);
    elu = performance.eventLoopUtilization();
    const cpu = cpuMs();
    const cpuDelta = cpu !== null && cpuBefore !== null ? cpu - cpuBefore : null;
    cpuBefore = cpu;
    maxGapMs = Math.max(maxGapMs, gap);
    if (delta.active > maxBusyMs) maxBusyStage = stage;
    maxBusyMs = Math.max(maxBusyMs, delta.active);
    maxCpuMs = Math.max(maxCpuMs, cpuDelta ?? 0);
    if (gap > 50) stalls.push({ ms: Math.round(gap), busyMs: Math.round(delta.active), cpuMs: cpuDelta, at: Math.round(now - started), stage });
    last = now;
  }, 10);
  histogram.enable();
  // the same monitor with nothing to do: on a shared machine the OS alone delays ticks
  let started = performance.now();
  await new Promise((r) => setTimeout(r, 3000));
  const idleMaxMs = Math.max(maxGapMs, histogram.max / 1e6);
  const idleStalls = stalls.splice(0).length;
  maxGapMs = 0;
  maxBusyMs = 0;
  maxBusyStage = '';
  maxCpuMs = 0;
  histogram.reset();
  started = performance.now();
  const phases: string[] = [];
  const info = await runMatchAndStore({
    file,
    entity: 'contacts',
    rules,
    preset: 'balanced',
    appVersion: null,
    onProgress: (p) => {
      phases.push(p);
      stage = p;
    },
    writerLock: () => {
      stage = 'store';
      return acquireWriterLockSync(file, 'match lag bench');
    },
    mainStore: () => new MatchStore(db),
  });
  stage = 'stored';
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 30));
  clearInterval(timer);
  histogram.disable();
  closeSnapshotDb(db);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({
      n,
      seconds,
      groups: info.groups,
      maxLagMs: Math.max(maxGapMs, histogram.max / 1e6),
      maxBusyMs,
      maxBusyStage,
      maxCpuMs: cpuBefore === null ? null : maxCpuMs,
      idleMaxLagMs: idleMaxMs,
      idleStalls,
      p99LagMs: histogram.percentile(99) / 1e6,
      stalls: stalls.sort((a, b) => b.ms - a.ms).slice(0, 8),
      phases: phases.length,
      peakMb,
      load: os.loadavg().map((x) => Math.round(x * 100) / 100),
    })}\n`,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
