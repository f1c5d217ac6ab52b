// runtime: node
/**
 * match.run off the main thread (issue 11): the worker computes what the in-process run computes,
 * per stage, stores it itself under the writer lock this thread takes, and cancels leaving nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSnapshotDb, openSecondWriter, openSnapshotDb, type SqliteDb } from '../db/open';
import { acquireWriterLockSync, type WriterLock } from '../db/writer-lock';
import { presetRules } from './rules';
import { MatchStore } from './store';
import type { AmoEntity } from './types';
import { MATCH_STAGES } from './worker-protocol';
import { matchWorkerEntry, runMatchAndStore, runMatchInWorker, type MatchAndStoreOptions } from './worker-run';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function snapshotFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-match-worker-'));
  dirs.push(dir);
  const file = path.join(dir, 'snap.amosweep');
  const db = openSnapshotDb(file, { mode: 'create' });
  const insert = db.prepare('INSERT INTO contacts (id, name, responsible_user_id, created_at, updated_at, raw) VALUES (?, ?, ?, ?, ?, ?)');
  const card = (id: number, name: string, phone: string): AmoEntity => ({
    id,
    name,
    responsible_user_id: 1,
    custom_fields_values: [{ field_code: 'PHONE', values: [{ value: phone }] }],
  });
  const cards = [
    ...Array.from({ length: 60 }, (_, k) => card(1000 + k, `Фамилия${k} Имя${k}`, `+7 916 ${String(1000000 + k * 7919).slice(0, 7)}`)),
    card(1, 'Смирнова Маргарита', '+7 912 345-67-89'),
    card(2, 'Входящий звонок', '89123456789'),
  ];
  for (const e of cards) insert.run(e.id, e.name ?? null, 1, 1_600_000_000, 1_600_000_000, JSON.stringify(e));
  closeSnapshotDb(db);
  return file;
}

describe('runMatchInWorker', () => {
  it('from TypeScript sources, the worker is the .ts entry behind the tsx bootstrap', () => {
    const entry = matchWorkerEntry();
    expect(entry?.script.pathname).toMatch(/audit-worker-boot\.mjs$/);
    expect(String(entry?.workerData.amosweepEntry)).toMatch(/match-worker\.ts$/);
  });

  it('computes in a worker what the in-process run computes, reporting each stage in order', async () => {
    const file = snapshotFile();
    const rules = presetRules('balanced', 'contacts');
    const phases: string[] = [];
    const computed = await runMatchInWorker({ file, entity: 'contacts', rules, onProgress: (p) => phases.push(p) });
    const local = await runMatchInWorker({ file, entity: 'contacts', rules }, null);
    expect(computed.groups).toEqual(local.groups);
    expect(computed.groups.map((g) => g.ids)).toEqual([[1, 2]]);
    expect(phases).toEqual([...MATCH_STAGES]);
    // the main thread stores it
    const db = openSnapshotDb(file, { mode: 'readwrite' });
    try {
      const store = new MatchStore(db);
      const first = store.save('contacts', computed, rules, 'balanced', null);
      expect(first.groups).toBe(1);
      // stored in turns: invisible until complete, then the older run and its groups are gone
      let turns = 0;
      const seen: (number | undefined)[] = [];
      const second = await store.saveInTurns('contacts', computed, rules, 'balanced', null, () => {
        turns++;
        seen.push(store.latestRun('contacts')?.runId);
      }, 1);
      expect(turns).toBeGreaterThanOrEqual(3);
      expect(seen.slice(0, 2)).toEqual([first.runId, first.runId]);
      expect(store.latestRun('contacts')).toMatchObject({ runId: second.runId, groups: 1 });
      expect(store.latestRun('contacts')?.weights?.length).toBe(rules.comparisons.length);
      expect(db.prepare('SELECT count(*) AS n FROM match_groups').get()).toEqual({ n: 1 });
      expect(store.listGroups('contacts', 'all', 0, 10).groups.map((g) => g.ids)).toEqual([[1, 2]]);
    } finally {
      closeSnapshotDb(db);
    }
  });

  it('a cancelled run stops the worker and rejects with CANCELLED', async () => {
    const file = snapshotFile();
    const controller = new AbortController();
    const promise = runMatchInWorker({ file, entity: 'contacts', rules: presetRules('balanced', 'contacts'), signal: controller.signal, onProgress: () => controller.abort() });
    await expect(promise).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

/** What a stored run is, without its ids and times (the stats' timings differ from one run to the next). */
function storedRows(db: SqliteDb) {
  const runs = db.prepare('SELECT entity_type, preset, rules, app_version, stats FROM match_runs ORDER BY id').all() as { stats: string }[];
  return {
    runs: runs.map((r) => {
      const { seconds: _seconds, phases: _phases, ...stats } = JSON.parse(r.stats) as Record<string, unknown>;
      return { ...r, stats };
    }),
    groups: db.prepare('SELECT group_no, entity_type, group_key, member_ids, size, confidence, risk, explanation FROM match_groups ORDER BY run_id, group_no').all(),
  };
}

describe('runMatchAndStore: the worker stores the run', () => {
  const rules = presetRules('balanced', 'contacts');

  function options(file: string, db: SqliteDb, extra: Partial<MatchAndStoreOptions> = {}): MatchAndStoreOptions & { locks: WriterLock[] } {
    const locks: WriterLock[] = [];
    return {
      file,
      entity: 'contacts',
      rules,
      preset: 'balanced',
      appVersion: '9.9.9',
      writerLock: () => {
        const lock = acquireWriterLockSync(file, 'test: match');
        locks.push(lock);
        return lock;
      },
      mainStore: () => new MatchStore(db),
      locks,
      ...extra,
    };
  }

  it('stores under the writer lock taken by this thread the same rows an in-process save stores, replacing the older run', async () => {
    const file = snapshotFile();
    const copy = path.join(path.dirname(file), 'copy.amosweep');
    fs.copyFileSync(file, copy);
    const expected = openSnapshotDb(copy, { mode: 'readwrite' });
    const db = openSnapshotDb(file, { mode: 'readwrite' });
    try {
      const computed = await runMatchInWorker({ file, entity: 'contacts', rules });
      new MatchStore(expected).save('contacts', computed, rules, 'balanced', '9.9.9');
      const older = new MatchStore(db).save('contacts', computed, rules, 'balanced', '9.9.9');
      const opts = options(file, db);
      let lockedWhileStoring = false;
      const info = await runMatchAndStore({
        ...opts,
        writerLock: () => {
          const lock = opts.writerLock();
          // held by this process while the worker writes: another writer is refused
          lockedWhileStoring = (() => {
            try {
              acquireWriterLockSync(file, 'another writer').release();
              return false;
            } catch {
              return true;
            }
          })();
          return lock;
        },
      });
      expect(lockedWhileStoring).toBe(true);
      expect(opts.locks).toHaveLength(1);
      expect(fs.existsSync(`${file}.lock`)).toBe(false);
      expect(info).toMatchObject({ entity: 'contacts', groups: 1, records: 62, preset: 'balanced' });
      expect(info.runId).toBeGreaterThan(older.runId);
      expect(new MatchStore(db).latestRun('contacts')?.runId).toBe(info.runId);
      expect(storedRows(db)).toEqual(storedRows(expected));
      expect(new MatchStore(db).listGroups('contacts', 'all', 0, 10).groups.map((g) => g.ids)).toEqual([[1, 2]]);
    } finally {
      closeSnapshotDb(db);
      closeSnapshotDb(expected);
    }
  });

  it('without a worker, computes and stores the same run in this thread', async () => {
    const file = snapshotFile();
    const db = openSnapshotDb(file, { mode: 'readwrite' });
    try {
      const info = await runMatchAndStore(options(file, db), null);
      expect(info.groups).toBe(1);
      expect(new MatchStore(db).listGroups('contacts', 'all', 0, 10).groups.map((g) => g.ids)).toEqual([[1, 2]]);
    } finally {
      closeSnapshotDb(db);
    }
  });

  it('a cancel once the worker may write leaves the older run as it was: no incomplete run, no group of it, no lock', async () => {
    const file = snapshotFile();
    const db = openSnapshotDb(file, { mode: 'readwrite' });
    try {
      const store = new MatchStore(db);
      const computed = await runMatchInWorker({ file, entity: 'contacts', rules });
      const older = store.save('contacts', computed, rules, 'balanced', null);
      const before = storedRows(db);
      // what a worker terminated in the middle of storing leaves: a run begun, some groups in
      const writer = openSecondWriter(file);
      const left = new MatchStore(writer).beginRun('contacts', computed, rules, 'balanced', null);
      new MatchStore(writer).insertGroups('contacts', left, computed.groups, 0, 1);
      writer.close();
      expect(store.latestRun('contacts')?.runId).toBe(older.runId);
      const controller = new AbortController();
      const opts = options(file, db, { signal: controller.signal });
      const run = runMatchAndStore({
        ...opts,
        writerLock: () => {
          const lock = opts.writerLock();
          // cancelled as the worker is told to store: whatever it wrote by the time it is gone is dropped
          setImmediate(() => controller.abort());
          return lock;
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(opts.locks).toHaveLength(1);
      expect(fs.existsSync(`${file}.lock`)).toBe(false);
      expect(storedRows(db)).toEqual(before);
      expect(store.latestRun('contacts')?.runId).toBe(older.runId);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      closeSnapshotDb(db);
    }
  });

  it('when the writer lock cannot be taken, the run fails with that error and stores nothing', async () => {
    const file = snapshotFile();
    const db = openSnapshotDb(file, { mode: 'readwrite' });
    const other = acquireWriterLockSync(file, 'another process');
    try {
      const run = runMatchAndStore(options(file, db));
      await expect(run).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(storedRows(db)).toEqual({ runs: [], groups: [] });
    } finally {
      other.release();
      closeSnapshotDb(db);
    }
  });
});
