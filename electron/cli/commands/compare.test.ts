// runtime: node
/**
 * compare on two snapshots of the fake account, before and after a push that fixes three
 * findings (the push test loop, in process): counts then and now, the health score rising, a
 * regression when the order is swapped, both files byte-identical, a foreign account refused.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { CompareReport } from '../../../shared/compare/types';
import { generateAccount } from '../../../fake-amocrm/generator/index';
import { startFakeAmo } from '../../../fake-amocrm/index';
import { closeSnapshotDb } from '../../services/db/open';
import { openPlanDb } from '../../services/plan/open';
import { smallAccount } from '../../services/push/testing/test-helpers';
import { writeFixtureSnapshot } from '../../services/snapshot/testing/fixture-file';
import { runCli } from '../main';
import { captureIo, tempDirs } from '../testing/test-io';

const dirs = tempDirs('amosweep-cli-compare-');
afterEach(() => dirs.cleanup());
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const IDS = ['leads.lost_without_reason', 'leads.active_without_task', 'stuffed.phone'] as const;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const t = captureIo();
  const code = await runCli(args, t.io);
  return { code, out: t.out.join(''), err: t.err.join('') };
}

it('compares the snapshots before and after a push: findings then and now, health, history, regression', async () => {
  const { fixtures, truth } = generateAccount({ profile: 'reference', scale: 0.01, seed: 11, asOf: new Date('2020-12-31T00:00:00Z') });
  const server = await startFakeAmo({ fixtures, truth, rps: 0 });
  const dir = dirs.make();
  const before = path.join(dir, 'before.amosweep');
  const after = path.join(dir, 'after.amosweep');
  const conn = ['--url', server.url, '--token', server.token];
  try {
    expect((await cli('snapshot', before, ...conn, '--json')).code).toBe(0);
    fs.copyFileSync(before, after);
    const db = openPlanDb(after);
    const insert = db.prepare('INSERT INTO audit_fix_intents (finding_id, operation, entity_type, entity_ids, params, created_at) VALUES (?, ?, ?, ?, NULL, 0)');
    insert.run('leads.lost_without_reason', 'fill.loss_reason', 'leads', '[]');
    insert.run('leads.active_without_task', 'tasks.create', 'leads', '[]');
    insert.run('stuffed.phone', 'split.stuffed', 'contacts', '[]');
    closeSnapshotDb(db);
    const reason = String(fixtures.collections.leads_loss_reasons[0]?.name);
    expect((await cli('plan', 'add', after, 'intents', '--reason', reason, '--json')).code).toBe(0);
    const pushed = await cli('push', after, ...conn, '--json');
    expect(pushed.code, pushed.err).toBe(0);
    expect((await cli('snapshot', after, ...conn, '--refresh', '--json')).code).toBe(0);
  } finally {
    await server.close();
  }
  const hashes = [sha(before), sha(after)];

  const xlsx = path.join(dir, 'compare.xlsx');
  const res = await cli('compare', before, after, '--json', '--xlsx', xlsx, '--history', dir, '--fail-on-regression');
  expect(res.code, res.err).toBe(0);
  const report = JSON.parse(res.out) as CompareReport;
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  for (const id of IDS) {
    const f = byId.get(id)!;
    expect(f.before, id).toBeGreaterThan(0);
    expect(f.after, id).toBe(0);
    expect(f.delta).toBe(-f.before);
  }
  // findings the push did not touch keep their counts
  expect(byId.get('noname.contacts')!.delta).toBe(0);
  expect(byId.get('duplicates.phone')!.delta).toBeLessThanOrEqual(0);
  expect(report.new.health).toBeGreaterThan(report.old.health);
  expect(report.regression).toBe(false);
  expect(report.history.map((h) => path.basename(h.file))).toEqual(['before.amosweep', 'after.amosweep']);
  expect(report.changes.counts.find((c) => c.entity === 'tasks')!.after).toBeGreaterThan(report.changes.counts.find((c) => c.entity === 'tasks')!.before);
  expect(fs.statSync(xlsx).size).toBeGreaterThan(1000);
  // the deals the push changed, counted by who changed them last
  const dealsChanged = report.changes.updatedBy.filter((u) => u.entity === 'leads').reduce((n, u) => n + u.count, 0);
  expect(dealsChanged).toBeGreaterThanOrEqual(byId.get('leads.lost_without_reason')!.before);

  // the other way round is a regression: exit 3 with --fail-on-regression, 0 without
  expect((await cli('compare', after, before, '--fail-on-regression')).code).toBe(3);
  const text = await cli('compare', after, before, '--lang', 'en');
  expect(text.code).toBe(0);
  expect(text.out).toMatch(/REGRESSION/);
  expect(text.out).toMatch(/leads\.lost_without_reason\s+0 →\s+\d+/);
  expect([sha(before), sha(after)]).toEqual(hashes);

  // a snapshot of another account is refused, nothing written
  const other = path.join(dir, 'other.amosweep');
  const set = smallAccount(3);
  set.account = { ...set.account, id: 999_999, subdomain: 'other' };
  writeFixtureSnapshot(other, set, { finishedAt: new Date('2024-01-01T00:00:00Z') });
  const refused = await cli('compare', before, other, '--xlsx', path.join(dir, 'no.xlsx'));
  expect(refused.code).toBe(1);
  expect(refused.err).toMatch(/different accounts/);
  expect(fs.existsSync(path.join(dir, 'no.xlsx'))).toBe(false);
  expect([sha(before), sha(after)]).toEqual(hashes);
}, 240_000);
