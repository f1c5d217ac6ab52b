// runtime: node
/** match.run off the main thread (issue 11): the worker computes what the in-process run computes, per stage, and cancels. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { presetRules } from './rules';
import { MatchStore } from './store';
import type { AmoEntity } from './types';
import { MATCH_STAGES } from './worker-protocol';
import { matchWorkerEntry, runMatchInWorker } from './worker-run';

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
