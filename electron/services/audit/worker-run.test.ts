// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSnapshotDb } from '../db/open';
import { runAudit } from './run';
import { RULES } from './rules/index';
import { addContact, addLead, addStandardFields, createTestSnapshot, setFinishedAt, type TestSnapshot } from './testing/test-snapshot';
import { auditWorkerEntry, runAuditInWorker } from './worker-run';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
  setFinishedAt(snap.db, new Date('2021-02-03T04:05:06Z'));
  addStandardFields(snap.db);
  for (let i = 1; i <= 40; i++) addContact(snap.db, { id: i, name: i % 3 ? '' : `Имя ${i}`, phones: ['89123456789'] });
  addLead(snap.db, { id: 1, status: 143, contacts: [2] });
});
afterEach(() => snap.cleanup());

describe('runAuditInWorker', () => {
  it('from TypeScript sources, the worker is the .ts entry behind the tsx bootstrap', () => {
    const entry = auditWorkerEntry();
    expect(entry?.script.pathname).toMatch(/audit-worker-boot\.mjs$/);
    expect(String(entry?.workerData.amosweepEntry)).toMatch(/audit-worker\.ts$/);
  });

  it('in a bundle, the worker is audit-worker.cjs next to it, or none (in-process) when it is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-worker-entry-'));
    try {
      const main = pathToFileURL(path.join(dir, 'main.cjs')).href;
      expect(auditWorkerEntry(main)).toBeNull();
      fs.writeFileSync(path.join(dir, 'audit-worker.cjs'), '');
      expect(auditWorkerEntry(main)?.script.href).toBe(pathToFileURL(path.join(dir, 'audit-worker.cjs')).href);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('computes the same report and flagged entities as the in-process audit, with progress per rule', async () => {
    const local = runAudit(snap.db);
    closeSnapshotDb(snap.db);
    const progress: [number, number][] = [];
    const run = await runAuditInWorker({ file: snap.file, onProgress: (done, total) => progress.push([done, total]) });
    expect(run.report.asOf).toBe('2021-02-03T04:05:06.000Z');
    expect(run.report.findings.map((f) => [f.id, f.count])).toEqual(local.report.findings.map((f) => [f.id, f.count]));
    expect(run.report.analytics).toEqual(local.report.analytics);
    expect(run.results).toBeInstanceOf(Map);
    expect(run.results.get('noname.contacts')).toEqual(local.results.get('noname.contacts'));
    expect(progress).toHaveLength(RULES.length + 1);
    expect(progress.at(-1)).toEqual([RULES.length + 1, RULES.length + 1]);
  });

  it('the same in-process, when there is no worker to start', async () => {
    closeSnapshotDb(snap.db);
    const run = await runAuditInWorker({ file: snap.file, asOf: '2020-01-01T00:00:00Z' }, null);
    expect(run.report.asOf).toBe('2020-01-01T00:00:00.000Z');
  });

  it('aborting terminates the running worker: CANCELLED, and no progress after it', async () => {
    closeSnapshotDb(snap.db);
    const abort = new AbortController();
    const events: string[] = [];
    const outcome = runAuditInWorker({
      file: snap.file,
      signal: abort.signal,
      onProgress: (done) => {
        events.push(`progress ${done}`);
        if (done === 1) {
          abort.abort();
          events.push('aborted');
        }
      },
    });
    await expect(outcome).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(events).toEqual(['progress 1', 'aborted']);
  });

  it('a missing file fails with NOT_FOUND from the worker', async () => {
    await expect(runAuditInWorker({ file: path.join(os.tmpdir(), 'no-such-amosweep-file.amosweep') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
