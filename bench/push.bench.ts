// runtime: node
/**
 * Push benchmarks against the fake server at its default 7 rps, through the shared client
 * limiter at 7 rps: (1) throughput of plain field updates (fill.loss_reason on 3 000 deals),
 * (2) fill.loss_reason on the reference profile at scale 1, next to its floor. Each write
 * carries at most 50 entities, every 250 entities need one before-image read, and each group
 * of writes is followed by one read of amoCRM's events (the concurrent-edit check), so the
 * floor is (⌈n/50⌉ + ⌈n/250⌉ + events reads) ÷ 7 s. Scale via PUSH_BENCH_SCALE (default 1).
 */
import { generateAccount } from '../fake-amocrm/generator/index';
import { startFakeAmo } from '../fake-amocrm/index';
import type { FixtureSet } from '../shared/amo/wire';
import { createAmoClient } from '../electron/services/amo/client';
import { RateLimiter } from '../electron/services/amo/rate-limiter';
import { closeSnapshotDb } from '../electron/services/db/open';
import { addOperations, openPlanId } from '../electron/services/plan/store';
import { pushPlan } from '../electron/services/push/engine';
import { smallAccount, snapshotOf, tempFile } from '../electron/services/push/testing/test-helpers';
import type { BenchResult } from './types';
import { buildFillLossReason } from '../electron/services/push/testing/builds';

const RPS = 7;

async function pushLossReasons(fixtures: FixtureSet): Promise<{ n: number; seconds: number; requests: number; eventsReads: number; rejected429: number; applied: number }> {
  const server = await startFakeAmo({ fixtures, rps: RPS });
  const t = tempFile();
  const db = snapshotOf(fixtures, t.file);
  try {
    const reason = String(fixtures.collections.leads_loss_reasons[0]?.name ?? '');
    const plan = openPlanId(db);
    const n = addOperations(db, plan, buildFillLossReason(db, { reason }));
    const client = createAmoClient({ baseUrl: server.url, auth: { kind: 'long-lived', getToken: () => server.token }, limiter: new RateLimiter({ rps: RPS }) });
    const started = performance.now();
    const r = await pushPlan(db, plan, { client, rps: RPS });
    const seconds = (performance.now() - started) / 1000;
    return { n, seconds, requests: r.requests, eventsReads: r.windowChecks ?? 0, rejected429: Math.max(r.rejected429, Number(server.stats().rejected429 ?? 0)), applied: r.applied };
  } finally {
    closeSnapshotDb(db);
    t.cleanup();
    await server.close();
  }
}

export async function runPushBench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  // 1. throughput of plain field updates
  const small = await pushLossReasons(smallAccount(3000));
  const perSecond = small.applied / small.seconds;
  // per 250 entities: 5 writes of 50, 1 before-image read, and up to 1 events read afterwards
  // (the concurrent-edit check, doc §17), which together cap plain updates at 7 × 250 / 7
  const ceilingWithReads = (RPS * 250) / (250 / 50 + 1);
  const ceilingWithChecks = (RPS * 250) / (250 / 50 + 2);
  out.push({
    name: 'push throughput, plain field updates (fill.loss_reason, 3 000 deals)',
    value: Math.round(perSecond * 10) / 10,
    unit: 'entities/s',
    limit: 0.95 * RPS * 50,
    direction: 'min',
    note: `${small.requests} requests (${small.eventsReads} events reads) in ${small.seconds.toFixed(1)} s; ceiling with the before-image reads (1 per 250) ${ceilingWithReads.toFixed(1)} entities/s, with the concurrent-edit check too (1 more per 250) ${ceilingWithChecks.toFixed(1)} entities/s: reached ${((perSecond / ceilingWithChecks) * 100).toFixed(1)} %`,
  });
  out.push({ name: 'push 429s (throughput run)', value: small.rejected429, unit: '429s', limit: 0, direction: 'max' });

  // 2. the reference profile at scale 1
  const scale = Number(process.env.PUSH_BENCH_SCALE ?? '1');
  const { fixtures } = generateAccount({ profile: 'reference', scale, seed: 42, asOf: new Date('2020-12-31T00:00:00Z') });
  const ref = await pushLossReasons(fixtures);
  const floor = (Math.ceil(ref.n / 50) + Math.ceil(ref.n / 250) + ref.eventsReads) / RPS;
  out.push({
    name: `fill.loss_reason, reference profile scale ${scale} (${ref.n} deals)`,
    value: Math.round(ref.seconds * 10) / 10,
    unit: 's',
    limit: Math.round((floor / 0.95) * 10) / 10,
    direction: 'max',
    note: `floor ${floor.toFixed(1)} s = (${Math.ceil(ref.n / 50)} writes + ${Math.ceil(ref.n / 250)} before-image reads + ${ref.eventsReads} events reads) ÷ ${RPS} rps; ${ref.requests} requests, ${ref.applied} applied, ${ref.rejected429} 429s`,
  });
  out.push({ name: 'push 429s (reference run)', value: ref.rejected429, unit: '429s', limit: 0, direction: 'max' });
  return out;
}
