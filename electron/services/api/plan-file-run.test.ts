// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import type { JobState } from '../../../shared/api/jobs';
import { dispatch } from '../../../shared/api/dispatch';
import type { DryRunResult, PlanSummary } from '../../../shared/api/methods/plan';
import { closeSnapshotDb } from '../db/open';
import { acquireWriterLockSync } from '../db/writer-lock';
import { smallAccount, finishedSnapshotOf, tempFile } from '../push/testing/test-helpers';
import { createServices } from './create-services';

let file: string;
let cleanup: () => void;
let fake: FakeAmoServer;
const fixtures = smallAccount(6);

beforeEach(async () => {
  const t = tempFile('plan-file.amosweep');
  file = t.file;
  cleanup = t.cleanup;
  const db = finishedSnapshotOf(fixtures, file);
  closeSnapshotDb(db);
  fake = await startFakeAmo({ fixtures, rps: 0 });
});
afterEach(async () => {
  await fake.close();
  cleanup();
});

function services() {
  const { deps, handlers } = createServices({ transport: 'cli', dataDir: path.dirname(file), rememberFiles: false });
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await dispatch(handlers, name, input, { transport: 'cli' });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  return { deps, call };
}

/** a plan with one operation, made through the app's methods; the session is closed after */
async function planWithRole(): Promise<number> {
  const { deps, call } = services();
  await call('snapshot.open', { file, access: 'edit' });
  const { plan } = await call<{ plan: number }>('plan.add', { operation: 'roles.create', name: 'Менеджер опта' });
  deps.session.close();
  // the write's lock is released on the next turn of the event loop
  await new Promise((r) => setTimeout(r, 20));
  return plan;
}

describe('plan.dryRun and plan.push with a file (the CLI)', () => {
  it('a dry run by file only reads: the file stays byte-identical, the answer has the summary line', async () => {
    const plan = await planWithRole();
    const before = fs.readFileSync(file);
    const { call } = services();
    const r = await call<DryRunResult>('plan.dryRun', { file, rps: 7, limit: 100 });
    expect(r.plan).toBe(plan);
    expect(r.openOperations).toBe(1);
    expect(r.requests).toBeGreaterThan(0);
    expect(r.summary).toEqual(expect.any(String));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file run with a connection, or one that sends without a token', async () => {
    await planWithRole();
    const { call } = services();
    await expect(call('plan.push', { file, connectionId: 'c1' })).rejects.toThrow(/BAD_INPUT/);
    await expect(call('plan.push', { file })).rejects.toThrow(/BAD_INPUT/);
    await expect(call('plan.push', { file: 'relative.amosweep', dryRun: true })).rejects.toThrow(/BAD_INPUT|absolute/);
  });

  it('another writer: refused at once naming it (nothing written), or waited for with the holder in the job', async () => {
    const plan = await planWithRole();
    const before = fs.readFileSync(file);
    const other = acquireWriterLockSync(file, 'other tool');
    const { deps, call } = services();
    const token = { account: fake.url, token: fake.token };
    const refused = await call<{ jobId: string }>('plan.push', { file, token, waitSeconds: 0 });
    const failed = await deps.jobs.wait(refused.jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('CONFLICT');
    expect(failed.error?.message).toContain('other tool');
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    const seen: JobState[] = [];
    const stop = deps.events.subscribe((e) => {
      if (e.type === 'job') seen.push(e.job);
    });
    const waiting = await call<{ jobId: string }>('plan.push', { file, token, waitSeconds: null });
    await new Promise((r) => setTimeout(r, 400));
    expect(seen.some((j) => j.id === waiting.jobId && (j.waitingFor ?? '').includes('other tool'))).toBe(true);
    other.release();
    const done = await deps.jobs.wait(waiting.jobId);
    stop();
    expect(done.status).toBe('done');
    expect(done.result).toMatchObject({ plan, applied: 1, failed: 0 });

    // run again: the plan is done, nothing is sent
    const again = await deps.jobs.wait((await call<{ jobId: string }>('plan.push', { file, token, plan })).jobId);
    expect(again.result).toMatchObject({ plan, alreadyDone: true, requests: 0 });

    // the rollback's dry run records the rollback plan (under the lock) and answers its dry run
    const dry = await deps.jobs.wait((await call<{ jobId: string }>('plan.push', { file, rollbackOf: plan, dryRun: true })).jobId);
    expect(dry.status).toBe('done');
    const rollbackPlan = (dry.result as { plan: number }).plan;
    expect(dry.result).toMatchObject({ rollbackOf: plan, openOperations: 1 });
    await call('snapshot.open', { file });
    const plans = await call<PlanSummary[]>('plan.list', {});
    expect(plans.find((p) => p.id === rollbackPlan)).toMatchObject({ kind: 'rollback', rollbackOf: plan });
  });
});
