// runtime: node
/**
 * The whole loop through the CLI against the fake server's reference profile (small scale):
 * snapshot → audit Fix intents → plan → dry run → push → refresh shows the findings gone →
 * rollback → refresh shows them back.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import { startFakeAmo } from '../../../fake-amocrm/index';
import { closeSnapshotDb } from '../../services/db/open';
import { openPlanDb } from '../../services/plan/open';
import { tempFile } from '../../services/push/testing/test-helpers';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const IDS = ['leads.lost_without_reason', 'leads.active_without_task', 'stuffed.phone'] as const;

it('snapshot → fix intents → plan → dry run → push → refresh → rollback', async () => {
  const { fixtures, truth } = generateAccount({ profile: 'reference', scale: 0.01, seed: 11, asOf: new Date('2020-12-31T00:00:00Z') });
  const server = await startFakeAmo({ fixtures, truth, rps: 0 });
  const t = tempFile('e2e.amosweep');
  const cli = async (...args: string[]): Promise<string> => (await run(process.execPath, [path.join(root, 'bin/amosweep.mjs'), ...args], { cwd: root, maxBuffer: 64 << 20 })).stdout;
  const counts = async (): Promise<Record<string, number>> => {
    const audit = JSON.parse(await cli('audit', t.file, '--json')) as { findings: { id: string; count: number }[] };
    return Object.fromEntries(audit.findings.filter((f) => (IDS as readonly string[]).includes(f.id)).map((f) => [f.id, f.count]));
  };
  const conn = ['--url', server.url, '--token', server.token];
  try {
    await cli('snapshot', ...conn, '--out', t.file, '--json');
    const before = await counts();
    for (const id of IDS) expect(before[id]).toBeGreaterThan(0);
    // the audit's Fix buttons record intents; the plan takes them over
    const db = openPlanDb(t.file);
    const insert = db.prepare('INSERT INTO audit_fix_intents (finding_id, operation, entity_type, entity_ids, params, created_at) VALUES (?, ?, ?, ?, NULL, 0)');
    insert.run('leads.lost_without_reason', 'fill.loss_reason', 'leads', '[]');
    insert.run('leads.active_without_task', 'tasks.create', 'leads', '[]');
    insert.run('stuffed.phone', 'split.stuffed', 'contacts', '[]');
    closeSnapshotDb(db);
    const reason = String(fixtures.collections.leads_loss_reasons[0]?.name);
    const added = JSON.parse(await cli('plan', 'add', t.file, 'intents', '--reason', reason, '--json')) as { plan: number; operations: number; intents: number };
    expect(added.intents).toBe(3);
    const dry = JSON.parse(await cli('push', t.file, '--dry-run', '--json')) as { requests: number; entities: number };
    expect(dry.entities).toBe(added.operations);
    const pushed = JSON.parse(await cli('push', t.file, ...conn, '--json')) as Record<string, number>;
    expect(pushed).toMatchObject({ applied: added.operations, failed: 0, skippedConflicts: 0, rejected429: 0 });
    // the dry run's requests, plus the events reads of the concurrent-edit check
    expect(pushed.requests).toBe(dry.requests + pushed.windowChecks!);
    await cli('snapshot', ...conn, '--out', t.file, '--refresh', '--json');
    expect(await counts()).toEqual({ 'leads.lost_without_reason': 0, 'leads.active_without_task': 0, 'stuffed.phone': 0 });
    const back = JSON.parse(await cli('rollback', t.file, '--plan', String(added.plan), ...conn, '--json')) as Record<string, number>;
    expect(back).toMatchObject({ applied: added.operations, failed: 0, skippedConflicts: 0 });
    await cli('snapshot', ...conn, '--out', t.file, '--refresh', '--json');
    const after = await counts();
    // created tasks are closed, not deleted (the API cannot delete tasks), so the deals are without an open task again
    expect(after).toEqual(before);
  } finally {
    await server.close();
    t.cleanup();
  }
}, 240_000);
