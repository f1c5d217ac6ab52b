// runtime: node
/**
 * kill -9 during a push, at seeded random points: the CLI runs in a child process; a recording
 * proxy in front of the fake server kills it at the Nth request, either before the request
 * reaches amoCRM or after amoCRM applied it (the answer never arrives). Running the same push
 * again must finish the plan with every operation applied exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { addOperations, listOperations, openPlanId } from '../../services/plan/store';
import { closeSnapshotDb } from '../../services/db/open';
import type { ApiObject } from '../../services/push/amo';
import { smallAccount, snapshotOf, startRecordingProxy, tempFile, testClient } from '../../services/push/testing/test-helpers';
import { buildFillLossReason, buildMerges, buildNormalizePhones, buildTagsDetach, buildTasksCreate } from '../../services/push/testing/builds';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'bin/amosweep.mjs');

function runCli(args: string[], onSpawn?: (child: ChildProcess) => void): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

let fake: FakeAmoServer;
let tokenFile: string;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(30), rps: 0 });
  tokenFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-token-')), 'token');
  fs.writeFileSync(tokenFile, fake.token, { mode: 0o600 });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(path.dirname(tokenFile), { recursive: true, force: true });
});

describe('amosweep push', () => {
  it('plan add, dry run and push through the CLI', async () => {
    fake.reset();
    const t = tempFile();
    closeSnapshotDb(snapshotOf(smallAccount(30), t.file));
    const add = await runCli(['plan', 'add', t.file, 'fill.loss_reason', '--reason', 'Дорого', '--json']);
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ plan: 1, operations: 30 });
    const dry = await runCli(['push', t.file, '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toEqual({ plan: 1, requests: 2, entities: 30, estimatedSeconds: 0.3, noop: 0 });
    const push = await runCli(['push', t.file, '--url', fake.url, '--token', fake.token, '--json']);
    expect(push.code).toBe(0);
    expect(JSON.parse(push.stdout)).toMatchObject({ plan: 1, applied: 30, skippedConflicts: 0, failed: 0, rejected429: 0, possiblyOverwritten: 0 });
    // one read, one write, and an events read when they fell in different seconds (the concurrent-edit check)
    const pushed = JSON.parse(push.stdout) as { requests: number; windowChecks: number };
    expect(pushed.requests).toBe(2 + pushed.windowChecks);
    expect(JSON.parse(push.stdout)).not.toHaveProperty('alreadyDone');
    // the same push again: the plan is done, nothing is sent, and the output says so
    const before = fake.stats().requests;
    const again = await runCli(['push', t.file, '--url', fake.url, '--token', fake.token]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/plan 1 was already done \(30 applied, 0 conflicts skipped, 0 failed\)\. Nothing was sent\./);
    const againJson = await runCli(['push', t.file, '--url', fake.url, '--token', fake.token, '--json']);
    expect(JSON.parse(againJson.stdout)).toMatchObject({ plan: 1, applied: 30, requests: 0, alreadyDone: true });
    expect(fake.stats().requests).toBe(before);
    const rb = await runCli(['rollback', t.file, '--plan', '1', '--url', fake.url, '--token', fake.token, '--json']);
    expect(JSON.parse(rb.stdout)).toMatchObject({ plan: 2, rollbackOf: 1, applied: 30, failed: 0 });
    t.cleanup();
  }, 60_000);

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`kill -9 at a seeded random point (seed ${seed}) loses nothing and sends nothing twice`, async () => {
      fake.reset();
      const fixtures = smallAccount(30);
      const t = tempFile();
      const db = snapshotOf(fixtures, t.file);
      const plan = openPlanId(db);
      addOperations(db, plan, buildFillLossReason(db, { reason: 'Дорого' }));
      addOperations(db, plan, buildNormalizePhones(db));
      addOperations(db, plan, buildTagsDetach(db, { tag: 'old', entity: 'contacts' }));
      addOperations(db, plan, buildTasksCreate(db, { text: `Перезвонить ${seed}`, dueDays: 2 }));
      addOperations(db, plan, buildMerges(db, [{ entity: 'contacts', survivor: 1003, losers: [1006, 1009] }]));
      const ops = listOperations(db, plan);
      closeSnapshotDb(db);

      const proxy = await startRecordingProxy(fake.url);
      const random = lcg(seed);
      // about 20 API requests in all: kill somewhere among the first 16
      const killAt = Math.floor(random() * 16);
      const after = random() < 0.5;
      let child: ChildProcess | undefined;
      proxy.decide = ({ index }) => {
        if (index !== killAt || !child) return undefined;
        child.kill('SIGKILL');
        return after ? 'drop' : 'cut';
      };
      const args = ['push', t.file, '--url', proxy.url, '--token-file', tokenFile, '--json'];
      const first = await runCli(args, (c) => (child = c));
      expect(first.signal).toBe('SIGKILL');
      proxy.decide = () => undefined;
      const second = await runCli(args);
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      const result = JSON.parse(second.stdout) as Record<string, number>;
      expect(result).toMatchObject({ applied: ops.length, failed: 0, skippedConflicts: 0 });

      // exactly one accepted write per operation
      const count = (list: number[]) => list.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<number, number>());
      const expected = (kinds: string[]) => count(ops.filter((o) => kinds.includes(o.kind)).map((o) => o.entityId));
      expect(count(proxy.acceptedWrites('PATCH', '/api/v4/leads'))).toEqual(expected(['fill.loss_reason']));
      expect(count(proxy.acceptedWrites('PATCH', '/api/v4/contacts'))).toEqual(expected(['normalize.phones', 'tags.detach', 'merge.survivor', 'merge.mark']));
      expect(count(proxy.acceptedWrites('POST', '/api/v4/leads/link'))).toEqual(expected(['merge.link']));
      expect(count(proxy.acceptedWrites('POST', '/api/v4/leads/unlink'))).toEqual(expected(['merge.unlink']));
      expect(count(proxy.acceptedWrites('POST', '/api/v4/tasks'))).toEqual(expected(['tasks.create']));
      // and the server holds exactly one new task per deal
      const client = testClient(fake.url, fake.token);
      const mine: ApiObject[] = [];
      for await (const page of client.paginate<ApiObject>('/api/v4/tasks', 'tasks', { limit: 250 })) mine.push(...page.items.filter((x) => x.text === `Перезвонить ${seed}`));
      expect(mine.map((x) => Number(x.entity_id)).sort()).toEqual(ops.filter((o) => o.kind === 'tasks.create').map((o) => o.entityId).sort());
      await proxy.close();
      t.cleanup();
    }, 60_000);
  }
});
