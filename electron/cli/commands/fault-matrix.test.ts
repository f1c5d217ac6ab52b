// runtime: node
/**
 * The fault matrix of docs/reliability.md.
 *
 * - kill -9: the CLI runs in a child process; a recording proxy in front of the fake amoCRM
 *   kills it (SIGKILL) at a seeded request, either before the request reaches amoCRM or after
 *   amoCRM carried it out (the answer is lost). The same command is run again; it must end
 *   exactly like an uninterrupted run: the same snapshot (content hash), the same account state,
 *   and no write accepted twice. For snapshot, refresh, and push of a plan with field updates,
 *   tasks and a merge.
 * - every fault switch of the fake: 5xx, connection resets, truncated and malformed bodies,
 *   latency with jitter, 429 (a server allowing 3 rps) and the ban (403).
 *
 * `npm run test:faults` (AMOSWEEP_FAULTS=full) runs the whole matrix: 20 kill points per
 * command, every switch with three seeds. Inside `npm test` a seeded subset runs: one kill
 * point per command, the combined switch and the ban.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import type { FixtureSet } from '../../../shared/amo/wire';
import { closeSnapshotDb } from '../../services/db/open';
import { addOperations, listOperations, openPlanId } from '../../services/plan/store';
import { comparableState, runCli, seeded, type CliRun } from '../../services/push/testing/fault-tools';
import { smallAccount, snapshotOf, startRecordingProxy, tempFile, type LoggedRequest, type RecordingProxy } from '../../services/push/testing/test-helpers';
import { buildFillLossReason, buildMerges, buildNormalizePhones, buildTagsDetach, buildTasksCreate } from '../../services/push/testing/builds';

const FULL = process.env.AMOSWEEP_FAULTS === 'full';
/** kill points per command: 20 in the full matrix, a seeded few inside `npm test` */
const KILLS = FULL ? 20 : 1;
/** the full matrix only (npm test keeps the combined switch and the ban) */
const fullOnly = FULL ? it : it.skip;

function account(): FixtureSet {
  const f = smallAccount(30);
  f.collections.contacts_custom_fields.push({ id: 205, name: 'Удалить', code: null, type: 'checkbox', sort: 9, is_deletable: true });
  return f;
}

let fake: FakeAmoServer;
let dir: string;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: account(), rps: 0, accountRps: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-faults-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ AMOSWEEP_TOKEN: fake.token });

/** Non-GET requests amoCRM accepted, as comparable strings (a write accepted twice shows twice). */
const accepted = (log: LoggedRequest[]): string[] =>
  log
    .filter((r) => r.method !== 'GET' && r.status >= 200 && r.status < 300)
    .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`)
    .sort();

/** A snapshot file with a plan of field updates, tasks and a contact merge. */
function planFile(): { file: string; cleanup: () => void; operations: number } {
  const t = tempFile();
  const db = snapshotOf(account(), t.file);
  const plan = openPlanId(db);
  addOperations(db, plan, buildFillLossReason(db, { reason: 'Дорого' }));
  addOperations(db, plan, buildNormalizePhones(db));
  addOperations(db, plan, buildTagsDetach(db, { tag: 'old', entity: 'contacts' }));
  addOperations(db, plan, buildTasksCreate(db, { text: 'Перезвонить', dueDays: 2 }));
  addOperations(db, plan, buildMerges(db, [{ entity: 'contacts', survivor: 1003, losers: [1006, 1009] }]));
  const operations = listOperations(db, plan).length;
  closeSnapshotDb(db);
  return { ...t, operations };
}

/**
 * Runs `args` (with URL pointing at a fresh recording proxy) and kills it with SIGKILL at API
 * request `killAt` (before forwarding it, or after amoCRM answered it when `after`); then runs
 * it again to the end. Returns both runs and the proxy's log.
 */
async function killAndResume(
  args: (url: string) => string[],
  killAt: number,
  after: boolean,
  shared?: RecordingProxy,
): Promise<{ first: CliRun; second: CliRun; log: LoggedRequest[]; killed: boolean }> {
  const proxy = shared ?? (await startRecordingProxy(fake.url));
  const start = proxy.log.length;
  try {
    let child: ChildProcess | undefined;
    let killed = false;
    let index = 0;
    proxy.decide = () => {
      if (index++ !== killAt || !child) return undefined;
      killed = true;
      child.kill('SIGKILL');
      return after ? 'drop' : 'cut';
    };
    const first = await runCli(args(proxy.url), { env: env(), onSpawn: (c) => (child = c) });
    proxy.decide = () => undefined;
    const second = await runCli(args(proxy.url), { env: env() });
    return { first, second, log: proxy.log.slice(start), killed };
  } finally {
    if (!shared) await proxy.close();
  }
}

/** An uninterrupted run through a proxy: its output, log and the account's state after it. */
async function reference(args: (url: string) => string[], shared?: RecordingProxy): Promise<{ run: CliRun; log: LoggedRequest[]; state: string }> {
  const proxy = shared ?? (await startRecordingProxy(fake.url));
  const start = proxy.log.length;
  try {
    const run = await runCli(args(proxy.url), { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return { run, log: proxy.log.slice(start), state: comparableState(fake) };
  } finally {
    if (!shared) await proxy.close();
  }
}

/** The kill points: seeded request indexes below `requests`, half of them after amoCRM answered. */
function killPoints(seed: number, requests: number): { index: number; after: boolean }[] {
  const random = seeded(seed);
  return Array.from({ length: KILLS }, () => ({ index: Math.floor(random() * requests), after: random() < 0.5 }));
}

describe('kill -9 at seeded points, then the same command again', () => {
  it(`push (field updates, tasks, a merge): ${KILLS} kill points end as the uninterrupted push, no write accepted twice`, async () => {
    fake.reset();
    const ref = planFile();
    const expected = await reference((url) => ['push', ref.file, '--url', url, '--json']);
    ref.cleanup();
    const requests = expected.log.length;
    expect(JSON.parse(expected.run.stdout)).toMatchObject({ applied: ref.operations, failed: 0, skippedConflicts: 0 });
    for (const point of killPoints(7, requests)) {
      fake.reset();
      const t = planFile();
      const r = await killAndResume((url) => ['push', t.file, '--url', url, '--json'], point.index, point.after);
      const where = `kill at request ${point.index} (${point.after ? 'after' : 'before'} amoCRM answered)`;
      expect(r.killed, where).toBe(true);
      expect(r.first.signal, where).toBe('SIGKILL');
      expect(r.second.stderr, where).toBe('');
      expect(r.second.code, where).toBe(0);
      expect(JSON.parse(r.second.stdout), where).toMatchObject({ applied: t.operations, failed: 0, skippedConflicts: 0 });
      expect(accepted(r.log), where).toEqual(accepted(expected.log));
      expect(comparableState(fake), where).toEqual(expected.state);
      t.cleanup();
    }
  }, 60_000 + KILLS * 40_000);

  it(`snapshot: ${KILLS} kill points end with the content hash of the uninterrupted snapshot`, async () => {
    fake.reset();
    const refFile = path.join(dir, 'snapshot-ref.amosweep');
    const expected = await reference((url) => ['snapshot', refFile, '--url', url, '--json']);
    const hash = (JSON.parse(expected.run.stdout) as { contentHash: string }).contentHash;
    let n = 0;
    for (const point of killPoints(11, expected.log.length)) {
      const file = path.join(dir, `snapshot-killed-${n++}.amosweep`);
      const r = await killAndResume((url) => ['snapshot', file, '--url', url, '--json'], point.index, point.after);
      const where = `kill at request ${point.index}`;
      expect(r.first.signal, where).toBe('SIGKILL');
      expect(r.second.stderr, where).toBe('');
      expect(r.second.code, where).toBe(0);
      expect((JSON.parse(r.second.stdout) as { contentHash: string }).contentHash, where).toBe(hash);
      // a snapshot only reads: nothing was written to the account
      expect(accepted(r.log), where).toEqual([]);
    }
  }, 60_000 + KILLS * 40_000);

  it(`snapshot --refresh: ${KILLS} kill points end with the content hash of the uninterrupted refresh`, async () => {
    fake.reset();
    // one proxy for every run: a snapshot file belongs to the account URL it was made from
    const proxy = await startRecordingProxy(fake.url);
    const base = path.join(dir, 'refresh-base.amosweep');
    await reference((url) => ['snapshot', base, '--url', url, '--json'], proxy);
    // amoCRM changes after the snapshot: a renamed contact, a moved deal
    const patch = (p: string, body: unknown) => fetch(`${fake.url}${p}`, { method: 'PATCH', headers: { Authorization: `Bearer ${fake.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch('/api/v4/contacts', [{ id: 1002, name: 'Переименован' }])).status).toBe(200);
    expect((await patch('/api/v4/leads', [{ id: 5002, price: 4242 }])).status).toBe(200);
    const refFile = path.join(dir, 'refresh-ref.amosweep');
    fs.copyFileSync(base, refFile);
    const expected = await reference((url) => ['snapshot', refFile, '--refresh', '--url', url, '--json'], proxy);
    const hash = (JSON.parse(expected.run.stdout) as { contentHash: string }).contentHash;
    let n = 0;
    for (const point of killPoints(13, expected.log.length)) {
      const file = path.join(dir, `refresh-killed-${n++}.amosweep`);
      fs.copyFileSync(base, file);
      const r = await killAndResume((url) => ['snapshot', file, '--refresh', '--url', url, '--json'], point.index, point.after, proxy);
      const where = `kill at request ${point.index}`;
      expect(r.first.signal, where).toBe('SIGKILL');
      expect(r.second.stderr, where).toBe('');
      expect(r.second.code, where).toBe(0);
      expect((JSON.parse(r.second.stdout) as { contentHash: string }).contentHash, where).toBe(hash);
    }
    await proxy.close();
  }, 60_000 + KILLS * 40_000);
});

describe('every fault switch of the fake amoCRM', () => {
  // each switch at a rate the client's retries get through; FULL repeats each with 3 seeds
  const switches: { name: string; faults: Record<string, number> }[] = [
    { name: '5xx', faults: { error5xx: 0.2 } },
    { name: 'connection resets', faults: { reset: 0.1 } },
    { name: 'truncated bodies', faults: { truncate: 0.1 } },
    { name: 'malformed bodies', faults: { malformed: 0.1 } },
    { name: 'latency with jitter', faults: { latencyMs: 120, jitterMs: 100 } },
    { name: 'all of them at once', faults: { error5xx: 0.05, reset: 0.05, truncate: 0.05, malformed: 0.05, latencyMs: 30, jitterMs: 20 } },
  ];
  const seeds = FULL ? [1, 2, 3] : [1];
  for (const s of switches) {
    (s.name === 'all of them at once' ? it : fullOnly)(`${s.name}: snapshot and push end as without faults, no write accepted twice (${seeds.length} seed(s))`, async () => {
      fake.reset();
      const snapRef = path.join(dir, `switch-ref-${s.name}.amosweep`);
      const refSnap = await reference((url) => ['snapshot', snapRef, '--url', url, '--json']);
      const hash = (JSON.parse(refSnap.run.stdout) as { contentHash: string }).contentHash;
      const ref = planFile();
      const refPush = await reference((url) => ['push', ref.file, '--url', url, '--json']);
      ref.cleanup();
      for (const seed of seeds) {
        fake.reset();
        fake.configure({ faults: { ...s.faults, seed } });
        try {
          const file = path.join(dir, `switch-${s.name}-${seed}.amosweep`);
          const proxy = await startRecordingProxy(fake.url);
          const snap = await runCli(['snapshot', file, '--url', proxy.url, '--json'], { env: env() });
          expect(snap.stderr, `snapshot, seed ${seed}`).toBe('');
          expect((JSON.parse(snap.stdout) as { contentHash: string }).contentHash).toBe(hash);
          const t = planFile();
          let run = await runCli(['push', t.file, '--url', proxy.url, '--json'], { env: env() });
          // a write the engine gave up on is failed, not lost: the same command retries exactly it
          for (let i = 0; i < 3 && run.code === 1; i++) run = await runCli(['push', t.file, '--url', proxy.url, '--json'], { env: env() });
          expect(run.code, `push, seed ${seed}: ${run.stderr}`).toBe(0);
          fake.configure({ faults: {} });
          expect(accepted(proxy.log)).toEqual(accepted(refPush.log));
          expect(comparableState(fake)).toEqual(refPush.state);
          await proxy.close();
          t.cleanup();
        } finally {
          fake.configure({ faults: {} });
        }
      }
    }, 240_000 * seeds.length);
  }

  // (the 429 cases of npm test are in electron/services/amo/adaptive-rate.test.ts)
  fullOnly('429 from a server that allows 3 rps, with its ban after 8 429s in a minute: never banned, the push ends as without faults', async () => {
    fake.reset();
    const ref = planFile();
    const refPush = await reference((url) => ['push', ref.file, '--url', url, '--json']);
    ref.cleanup();
    fake.reset();
    fake.configure({ rps: 3, banAfter: 8, banWindowMs: 60_000 });
    try {
      const t = planFile();
      const proxy = await startRecordingProxy(fake.url);
      const run = await runCli(['push', t.file, '--url', proxy.url, '--json'], { env: env() });
      const stats = fake.stats() as { requests: number; rejected429: number; rejected403: number };
      expect(stats.rejected403).toBe(0);
      expect(run.code, run.stderr).toBe(0);
      expect(stats.rejected429 / stats.requests).toBeLessThan(0.15);
      fake.configure({ rps: 0, banAfter: 0 });
      expect(accepted(proxy.log)).toEqual(accepted(refPush.log));
      expect(comparableState(fake)).toEqual(refPush.state);
      await proxy.close();
      t.cleanup();
    } finally {
      fake.configure({ rps: 0, banAfter: 0 });
    }
  }, 180_000);

  it('ban (403 HTML): the push stops with the clear message and exit 1; after the unban the same command ends as without faults', async () => {
    fake.reset();
    const ref = planFile();
    const refPush = await reference((url) => ['push', ref.file, '--url', url, '--json']);
    ref.cleanup();
    fake.reset();
    const t = planFile();
    const proxy = await startRecordingProxy(fake.url);
    let writes = 0;
    proxy.decide = ({ method }) => {
      // banned after the third write
      if (method !== 'GET' && ++writes === 3) fake.configure({ rps: 0.001, banAfter: 1 });
      return undefined;
    };
    const banned = await runCli(['push', t.file, '--url', proxy.url, '--json'], { env: env() });
    expect(banned.code).toBe(1);
    expect(banned.stderr).toMatch(/\[AMO_BLOCKED\] amoCRM refused every request: the account is probably blocked for exceeding the API rate limit/);
    proxy.decide = () => undefined;
    fake.unban();
    fake.configure({ rps: 0, banAfter: 0 });
    const resumed = await runCli(['push', t.file, '--url', proxy.url, '--json'], { env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(accepted(proxy.log)).toEqual(accepted(refPush.log));
    expect(comparableState(fake)).toEqual(refPush.state);
    await proxy.close();
    t.cleanup();
  }, 120_000);
});
