// runtime: node
/**
 * Snapshot figures against the fake amoCRM with the reference profile at scale 1:
 * - sustained requests/s at the 7 rps ceiling (60 s of a real snapshot, fake limit on) and its 429s;
 * - the full-snapshot time estimate from the page count at that rate, next to the floor pages ÷ 7;
 * - end-to-end ingest entities/s with the limit off (snapshot in a child process, fake in this one);
 * - pure local ingest entities/s (ingestFixtureSet, no HTTP);
 * - requests of a refresh of the unchanged account;
 * - peak RSS of the full snapshot process (limit off);
 * - browse.rows time for the largest entity list.
 * SNAPSHOT_BENCH_SCALE (default 1) and SNAPSHOT_BENCH_RATE_SECONDS (default 60) shrink it for a quick run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccount } from '../fake-amocrm/generator/index';
import { startFakeAmo } from '../fake-amocrm/index';
import { closeSnapshotDb, openSnapshotDb } from '../electron/services/db/open';
import { ingestFixtureSet } from '../electron/services/snapshot/ingest';
import type { BenchResult } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function child(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), path.join(ROOT, 'bench/snapshot-child.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`snapshot child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

export async function runSnapshotBench(): Promise<BenchResult[]> {
  const scale = Number(process.env.SNAPSHOT_BENCH_SCALE ?? '1');
  const rateSeconds = Number(process.env.SNAPSHOT_BENCH_RATE_SECONDS ?? '60');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-bench-snap-'));
  const results: BenchResult[] = [];
  const log = (s: string) => process.stderr.write(`  … ${s}\n`);
  log(`generating the reference account at scale ${scale}`);
  const { fixtures, truth } = generateAccount({ profile: 'reference', scale, seed: 1, asOf: new Date() });
  const fake = await startFakeAmo({ fixtures, truth, rps: 0, accountRps: 0 });
  try {
    // 1. full snapshot, limit off, in a child process: entities/s end to end and peak RSS
    const full = path.join(dir, 'full.amosweep');
    log('full snapshot, limit off (child process)');
    const a = await child([fake.url, fake.token, full, 'full']);
    const pages = a.requests as number;
    results.push({
      name: 'snapshot ingest, end to end, limit off',
      value: Math.round((a.entities as number) / (a.seconds as number)),
      unit: 'entities/s',
      limit: 20_000,
      direction: 'min',
      note: `${a.entities as number} rows (entities + statuses/fields/tags/notes/events) in ${(a.seconds as number).toFixed(1)} s over HTTP from the fake (parent process); ${pages} requests; the snapshot process used ${(a.cpuSeconds as number).toFixed(1)} s of CPU (${Math.round((a.entities as number) / (a.cpuSeconds as number))} rows per CPU-second); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
    });
    results.push({ name: 'peak RSS of the full reference snapshot (limit off)', value: Math.round(a.maxRssMb as number), unit: 'MB', limit: 600, direction: 'max', note: `scale ${scale}; the snapshot process alone` });

    // 2. refresh of the unchanged account
    log('refresh of the unchanged account (child process)');
    const r = await child([fake.url, fake.token, full, 'refresh']);
    results.push({ name: 'requests of an unchanged refresh', value: r.requests as number, unit: 'requests', limit: 30, direction: 'max', note: `deleted ${r.deleted as number}, ${(r.seconds as number).toFixed(1)} s` });

    // 3. browse.rows on the largest list, in a fresh process (the app's heap, not the generator's)
    log('browse.rows leads (child process)');
    const br = await child([fake.url, fake.token, full, 'browse']);
    results.push({
      name: 'browse.rows leads',
      value: Math.round(br.ms as number),
      unit: 'ms',
      limit: 1000,
      direction: 'max',
      note: `${br.rows as number} rows; CPU time ${Math.round(br.cpuMs as number)} ms; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
    });

    // 4. pure local ingest (no HTTP)
    log('pure ingest of the fixture set');
    const local = path.join(dir, 'local.amosweep');
    const ldb = openSnapshotDb(local, { mode: 'create' });
    const t1 = performance.now();
    const counts = ingestFixtureSet(ldb, fixtures);
    const s1 = (performance.now() - t1) / 1000;
    closeSnapshotDb(ldb);
    const n = Object.values(counts).reduce((x, y) => x + y, 0);
    results.push({ name: 'local ingest (ingestFixtureSet, no HTTP)', value: Math.round(n / s1), unit: 'entities/s', limit: 20_000, direction: 'min', note: `${n} API objects in ${s1.toFixed(1)} s` });

    // 5. sustained rate at the 7 rps ceiling, fake limit on, snapshot in a child process
    log(`${rateSeconds} s of snapshot at 7 rps against the fake's 7 rps limit (child process)`);
    fake.configure({ rps: 7, accountRps: 50 });
    fake.reset();
    const limited = path.join(dir, 'limited.amosweep');
    const c = await child([fake.url, fake.token, limited, 'rate', String(rateSeconds)]);
    const stats = fake.stats() as { requests: number; rejected429: number; maxRequestsPerSecond: number };
    const seconds = c.seconds as number;
    const span = c.startSpanSeconds as number;
    const startsN = c.starts as number;
    const rate = (startsN - 1) / span;
    results.push({
      name: 'sustained requests/s at the 7 rps ceiling',
      value: Math.round(rate * 100) / 100,
      unit: 'req/s',
      limit: 6.65,
      direction: 'min',
      note: `${startsN} request starts, first to last ${span.toFixed(1)} s; overall incl. start-up ${(stats.requests / seconds).toFixed(2)} req/s (${stats.requests} at the fake in ${seconds.toFixed(1)} s); max arrivals in any 1 s window at the fake ${stats.maxRequestsPerSecond}`,
    });
    results.push({ name: '429s at the 7 rps ceiling', value: stats.rejected429, unit: '429s', limit: 0, direction: 'max' });
    results.push({
      name: 'full reference snapshot time estimate at 7 rps',
      value: Math.round(pages / rate),
      unit: 's',
      limit: Math.round(pages / 6.65),
      direction: 'max',
      note: `${pages} requests ÷ measured ${rate.toFixed(2)} req/s; floor ${pages} ÷ 7 = ${Math.round(pages / 7)} s`,
    });
  } finally {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
