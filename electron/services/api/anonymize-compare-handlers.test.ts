// runtime: node
/** The app's anonymize and compare methods: jobs over the open snapshot and the data folder. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import type { CompareReport } from '../../../shared/compare/types';
import { smallAccount } from '../push/testing/test-helpers';
import { writeFixtureSnapshot } from '../snapshot/testing/fixture-file';
import { createServices } from './create-services';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-anon-api-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('snapshot.anonymize and compare.start', () => {
  it('anonymize the open snapshot into the data folder; compare it over time; refuse what they must', async () => {
    const before = path.join(dir, 'before.amosweep');
    const after = path.join(dir, 'after.amosweep');
    writeFixtureSnapshot(before, smallAccount(6), { finishedAt: new Date('2024-03-01T10:00:00Z') });
    const later = smallAccount(6);
    for (const lead of later.collections.leads) if (lead.status_id === 143) lead.loss_reason_id = 5;
    writeFixtureSnapshot(after, later, { finishedAt: new Date('2024-04-01T10:00:00Z') });
    const hashes = [sha(before), sha(after)];
    const { deps, handlers } = createServices({ transport: 'cli', dataDir: dir });
    const call = async <T>(name: string, input: unknown): Promise<T> => {
      const r = await dispatch(handlers, name, input, { transport: 'cli' });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as T;
    };

    expect(await dispatch(handlers, 'snapshot.anonymize', {}, { transport: 'cli' })).toMatchObject({ ok: false, error: { code: 'NO_SNAPSHOT' } });
    deps.session.open(before, { readOnly: true });
    const started = await call<{ jobId: string; file: string }>('snapshot.anonymize', {});
    expect(started.file).toBe(path.join(dir, 'before-anonymized.amosweep'));
    const job = await deps.jobs.wait(started.jobId);
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ file: started.file, verify: { findings: expect.any(Number) as number } });
    expect(await dispatch(handlers, 'snapshot.anonymize', {}, { transport: 'cli' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    deps.session.close();

    const compared = await deps.jobs.wait((await call<{ jobId: string }>('compare.start', { old: 'before.amosweep', new: 'after.amosweep' })).jobId);
    expect(compared.status).toBe('done');
    const report = (compared.result as { report: CompareReport }).report;
    const lost = report.findings.find((f) => f.id === 'leads.lost_without_reason')!;
    expect(lost.before).toBeGreaterThan(0);
    expect(lost.after).toBe(0);
    // the history is the account's two snapshots: the anonymized copy is not a point of it
    expect(report.history.map((h) => path.basename(h.file))).toEqual(['before.amosweep', 'after.amosweep']);
    expect(report.new.health).toBeGreaterThan(report.old.health);
    expect([sha(before), sha(after)]).toEqual(hashes);

    const other = path.join(dir, 'other.amosweep');
    const set = smallAccount(2);
    set.account = { ...set.account, id: 777, subdomain: 'other' };
    writeFixtureSnapshot(other, set, { finishedAt: new Date('2024-05-01T00:00:00Z') });
    const refused = await deps.jobs.wait((await call<{ jobId: string }>('compare.start', { old: before, new: other })).jobId);
    expect(refused.status).toBe('failed');
    expect(refused.error?.message).toMatch(/different accounts/);

    // the workbook to a path of the caller's choosing: the CLI only
    const out = path.join(dir, 'cmp.xlsx');
    const written = await deps.jobs.wait((await call<{ jobId: string }>('compare.start', { old: before, new: after, historyDir: null, xlsx: { out, lang: 'en' } })).jobId);
    expect(written.status).toBe('done');
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    const web = createServices({ transport: 'web', dataDir: dir });
    const elsewhere = await dispatch(web.handlers, 'compare.start', { old: before, new: after, xlsx: { out: path.join(dir, 'web.xlsx') } }, { transport: 'web' });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(fs.existsSync(path.join(dir, 'web.xlsx'))).toBe(false);
  }, 120_000);
});
