// runtime: node
/**
 * Helper of snapshot.bench.ts, run in its own process (the fake server stays in the parent),
 * so that its peak RSS and CPU are the snapshot's alone:
 *   node bin/run-ts.mjs bench/snapshot-child.ts URL TOKEN FILE full|refresh|rate|browse [SECONDS]
 * full/refresh: no rate limit, two lists at a time. rate: the 7 rps limiter, stopped after SECONDS.
 * Prints one JSON line.
 */
import { createAmoClient } from '../electron/services/amo/client';
import { RateLimiter } from '../electron/services/amo/rate-limiter';
import { runSnapshot } from '../electron/services/snapshot/runner';
import { browseRows } from '../electron/services/browse/browse';
import { closeSnapshotDb, openSnapshotDb } from '../electron/services/db/open';
import { AppError } from '../shared/api/result';

const [url, token, file, mode = 'full', secondsArg = '60'] = process.argv.slice(2);
if (!url || !token || !file) {
  process.stderr.write('usage: snapshot-child.ts URL TOKEN FILE full|refresh|rate [SECONDS]\n');
  process.exit(2);
}
if (mode === 'browse') {
  // browse.rows of the largest list, in a process of the app's size (no generator heap around)
  const db = openSnapshotDb(file, { mode: 'readonly' });
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const rows = browseRows(db, 'leads');
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  closeSnapshotDb(db);
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rows: rows.length })}\n`);
  process.exit(0);
}
const rate = mode === 'rate';
const limiter = new RateLimiter({ rps: 7 });
// the start time of every request the limiter lets through: sustained rate = (n - 1) / (last - first)
const starts: number[] = [];
const acquire = limiter.acquire.bind(limiter);
limiter.acquire = async (signal?: AbortSignal) => {
  await acquire(signal);
  starts.push(performance.now());
};
const client = createAmoClient({
  baseUrl: url,
  auth: { kind: 'long-lived', getToken: () => token },
  ...(rate ? { limiter } : { unlimited: true }),
});
const abort = new AbortController();
const timer = rate ? setTimeout(() => abort.abort(), Number(secondsArg) * 1000) : null;
const t0 = performance.now();
let result: Awaited<ReturnType<typeof runSnapshot>> | null = null;
try {
  result = await runSnapshot({
    client,
    file,
    refresh: mode === 'refresh',
    appVersion: 'bench',
    concurrency: rate ? 1 : 2,
    signal: abort.signal,
    checkpoint: async () => {
      if (abort.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
    },
  });
} catch (error) {
  if (!(error instanceof AppError && error.code === 'CANCELLED')) throw error;
}
if (timer) clearTimeout(timer);
const seconds = (performance.now() - t0) / 1000;
const stats = client.stats();
const entities = result ? Object.values(result.counts).reduce((a, b) => a + b, 0) : 0;
process.stdout.write(
  `${JSON.stringify({ seconds, cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6, entities, starts: starts.length, startSpanSeconds: starts.length > 1 ? (starts.at(-1)! - starts[0]!) / 1000 : 0, requests: stats.requests, rejected429: stats.rejected429, counts: result?.counts ?? null, maxRssMb: process.resourceUsage().maxRSS / 1024, deleted: result?.deleted ?? 0 })}\n`,
);
