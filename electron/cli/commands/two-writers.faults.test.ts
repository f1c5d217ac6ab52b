// runtime: node
/**
 * Two writers on one snapshot file, as real processes: two CLI pushes, a CLI push with --wait,
 * a push stopped by SIGTERM, a stale lock of a killed process, and the web app's push job
 * against a CLI push. The second writer is refused (naming the holder) and nothing is written
 * twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { createServices } from '../../services/api/create-services';
import { closeSnapshotDb } from '../../services/db/open';
import { lockFileOf } from '../../services/db/writer-lock';
import { addOperations, openPlanId } from '../../services/plan/store';
import { smallAccount, snapshotOf, startRecordingProxy, tempFile, type RecordingProxy } from '../../services/push/testing/test-helpers';
import { buildFillLossReason } from '../../services/push/testing/builds';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/amosweep.mjs');

interface Run {
  child: ChildProcess;
  /** what the process has written to stderr so far */
  stderr: () => string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}
function start(args: string[]): Run {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}
async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Holds every answer of amoCRM at the proxy until released, so that the first writer keeps its
 * lock for as long as the test needs, however slow this machine is (no timing).
 */
function holdAnswers(): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  proxy.beforeAnswer = () => gate;
  return () => {
    proxy.beforeAnswer = () => undefined;
    release();
  };
}

let fake: FakeAmoServer;
let proxy: RecordingProxy;
let tokenFile: string;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(30), rps: 0 });
  proxy = await startRecordingProxy(fake.url);
  tokenFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-token-')), 'token');
  fs.writeFileSync(tokenFile, fake.token, { mode: 0o600 });
});
afterAll(async () => {
  await proxy.close();
  await fake.close();
  fs.rmSync(path.dirname(tokenFile), { recursive: true, force: true });
});

/** a snapshot with one plan: a loss reason on each of the 30 lost deals */
function plannedSnapshot(): { file: string; cleanup: () => void } {
  const t = tempFile();
  const db = snapshotOf(smallAccount(30), t.file);
  addOperations(db, openPlanId(db), buildFillLossReason(db, { reason: 'Дорого' }));
  closeSnapshotDb(db);
  return t;
}
const leadWrites = () => proxy.acceptedWrites('PATCH', '/api/v4/leads');
const push = (file: string, ...more: string[]) => start(['push', file, '--url', proxy.url, '--token-file', tokenFile, '--json', ...more]);
/** A fresh account and a planned snapshot, and a CLI push that holds its lock: amoCRM's answers wait for release(). */
async function firstPushHoldingTheLock(): Promise<{ release: () => void; t: { file: string; cleanup: () => void }; a: Run }> {
  fake.reset();
  proxy.log.length = 0;
  const release = holdAnswers();
  const t = plannedSnapshot();
  const a = push(t.file);
  await until(() => fs.existsSync(lockFileOf(t.file)));
  return { release, t, a };
}

describe('one writer per snapshot file', () => {
  it('two CLI pushes at once: the second is refused naming the first, nothing is written twice', async () => {
    const { release, t, a } = await firstPushHoldingTheLock();
    const b = await push(t.file).done;
    release();
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(new RegExp(`\\[CONFLICT\\] .* is being written by another AmoSweep process: pid ${a.child.pid} \\("amosweep push", since \\d{4}-`));
    const ra = await a.done;
    expect(ra.code).toBe(0);
    expect(JSON.parse(ra.stdout)).toMatchObject({ applied: 30, failed: 0 });
    const ids = leadWrites();
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(fs.existsSync(lockFileOf(t.file))).toBe(false);
    t.cleanup();
  }, 90_000);

  it('--wait: the second push waits for the first, then finds the plan done and sends nothing', async () => {
    const { release, t, a } = await firstPushHoldingTheLock();
    const waiting = push(t.file, '--wait', '60');
    await until(() => /Waiting for/.test(waiting.stderr()), 60_000);
    release();
    const b = await waiting.done;
    const ra = await a.done;
    expect(ra.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.stderr).toMatch(/Waiting for .*: it is being written by pid \d+ \("amosweep push"/);
    expect(JSON.parse(b.stdout)).toMatchObject({ alreadyDone: true, requests: 0 });
    expect(leadWrites()).toHaveLength(30);
    t.cleanup();
  }, 90_000);

  it('SIGTERM releases the lock; a lock left by kill -9 is taken over by the next push', async () => {
    const { release, t, a } = await firstPushHoldingTheLock();
    a.child.kill('SIGTERM');
    const ra = await a.done;
    expect(ra.code).not.toBe(0);
    expect(fs.existsSync(lockFileOf(t.file))).toBe(false);
    const k = push(t.file);
    await until(() => fs.existsSync(lockFileOf(t.file)));
    k.child.kill('SIGKILL');
    await k.done;
    expect(fs.existsSync(lockFileOf(t.file))).toBe(true); // stale: its process is gone
    release();
    const c = await push(t.file).done;
    expect(c.code).toBe(0);
    const ids = leadWrites();
    expect(new Set(ids).size).toBe(30);
    expect(ids).toHaveLength(30);
    expect(fs.existsSync(lockFileOf(t.file))).toBe(false);
    t.cleanup();
  }, 90_000);

  it('the web app and the CLI: each is refused while the other pushes, naming it', async () => {
    fake.reset();
    proxy.log.length = 0;
    const t = plannedSnapshot();
    const { handlers, deps } = createServices({ transport: 'web', dataDir: path.dirname(t.file) });
    const call = async (name: string, input: unknown) => {
      const r = await dispatch(handlers, name as never, input as never, { transport: 'web' });
      return r;
    };
    const conn = await call('connect.token', { account: proxy.url, token: fake.token });
    if (!conn.ok) throw new Error(conn.error.message);
    const connectionId = (conn.value as { id: string }).id;
    expect(await call('snapshot.open', { file: t.file })).toMatchObject({ ok: true });

    // the CLI pushes; the app's push and the app's edits are refused
    let release = holdAnswers();
    const cli = push(t.file);
    await until(() => fs.existsSync(lockFileOf(t.file)));
    const refused = await call('plan.push', { plan: 1, connectionId, rps: 7 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!refused.ok && refused.error.message).toMatch(new RegExp(`pid ${cli.child.pid} \\("amosweep push"`));
    const edit = await call('plan.add', { operation: 'normalize.phones' });
    expect(edit).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    release();
    expect((await cli.done).code).toBe(0);

    // the app pushes (a second plan); the CLI push is refused naming the app
    const add = await call('plan.add', { operation: 'normalize.phones' });
    expect(add).toMatchObject({ ok: true });
    const plan = (add as { value: { plan: number } }).value.plan;
    release = holdAnswers();
    const job = await call('plan.push', { plan, connectionId, rps: 7 });
    expect(job).toMatchObject({ ok: true });
    const b = await push(t.file, '--plan', String(plan)).done;
    release();
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(new RegExp(`pid ${process.pid} \\("AmoSweep web app: push plan ${plan}"`));
    await deps.jobs.wait((job as { value: { jobId: string } }).value.jobId);
    expect(fs.existsSync(lockFileOf(t.file))).toBe(false);
    const ids = leadWrites();
    expect(ids).toHaveLength(30);
    deps.session.close();
    t.cleanup();
  }, 120_000);
});
