// runtime: node
/**
 * `amosweep push` with failed operations (issue 13 item 3): exit 1 with a message on stderr,
 * the plan is not done, and running the same command again retries exactly the failed ones.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { closeSnapshotDb, openSnapshotDb } from '../../services/db/open';
import { addOperations, getPlan, openPlanId } from '../../services/plan/store';
import { planMigrations } from '../../services/plan/open';
import { smallAccount, snapshotOf, startRecordingProxy, tempFile, type RecordingProxy } from '../../services/push/testing/test-helpers';
import { buildFillLossReason } from '../../services/push/testing/builds';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/amosweep.mjs');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let fake: FakeAmoServer;
let proxy: RecordingProxy;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(12), rps: 0 });
  proxy = await startRecordingProxy(fake.url);
});
afterAll(async () => {
  await proxy.close();
  await fake.close();
});

describe('amosweep push with failed operations', () => {
  it('exits 1, leaves the plan not done, and the next run retries exactly the failed operations', async () => {
    const t = tempFile();
    const db = snapshotOf(smallAccount(12), t.file);
    const plan = openPlanId(db);
    const ops = buildFillLossReason(db, { reason: 'Дорого' });
    for (const i of [1, 3]) (ops[i]!.params as { lossReasonId: number }).lossReasonId = 999; // amoCRM refuses these (400)
    addOperations(db, plan, ops);
    closeSnapshotDb(db);
    const env = { AMOSWEEP_TOKEN: fake.token };
    const args = ['push', t.file, '--url', proxy.url, '--json'];
    const patches = () => proxy.log.filter((r) => r.method === 'PATCH' && r.status >= 200 && r.status < 300).flatMap((r) => (r.body as { id: number }[]).map((x) => x.id));

    const first = await runCli(args, env);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ plan, applied: ops.length - 2, failed: 2 });
    expect(first.stderr).toContain(`2 operations of plan ${plan} failed`);
    expect(first.stderr).toContain('Push it again to retry exactly the failed operations');

    // the refused operations are corrected in the plan; the next run sends them, and only them
    const fix = openSnapshotDb(t.file, { mode: 'readwrite', migrations: planMigrations() });
    expect(getPlan(fix, plan).status).toBe('failed');
    fix.prepare("UPDATE plan_operations SET params = json_set(params, '$.lossReasonId', 5) WHERE plan_id = ? AND json_extract(params, '$.lossReasonId') = 999").run(plan);
    closeSnapshotDb(fix);
    const before = patches().length;
    const second = await runCli(args, env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ plan, applied: ops.length, failed: 0 });
    expect(result).not.toHaveProperty('alreadyDone');
    expect(patches().slice(before).sort()).toEqual([ops[1]!.entityId, ops[3]!.entityId].sort());
    expect(patches().sort()).toEqual(ops.map((o) => o.entityId).sort());
    t.cleanup();
  }, 60_000);
});
