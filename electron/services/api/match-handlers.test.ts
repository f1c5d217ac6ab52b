// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import type { MatchDecisionView, MatchGroupDetail, MatchGroupSummary } from '../../../shared/api/methods/match';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { createServices } from './create-services';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function snapshotFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-match-api-'));
  dirs.push(dir);
  const file = path.join(dir, 'snap.amosweep');
  const db = openSnapshotDb(file, { mode: 'create' });
  const insert = db.prepare('INSERT INTO contacts (id, name, responsible_user_id, created_at, updated_at, raw) VALUES (?, ?, ?, ?, ?, ?)');
  const add = (id: number, name: string, phone: string) =>
    insert.run(id, name, 1, 1_600_000_000 + id, 1_600_000_000 + id, JSON.stringify({ id, name, responsible_user_id: 1, created_at: 1_600_000_000 + id, custom_fields_values: [{ field_id: 1, field_name: 'Телефон', field_code: 'PHONE', values: [{ value: phone }] }] }));
  for (let k = 0; k < 40; k++) add(1000 + k, `Фамилия${k} Имя${k}`, `+7 916 ${String(1000000 + k * 7919).slice(0, 7)}`);
  add(1, 'Иванов Александр', '+7 912 345-67-89');
  add(2, 'Саша Иванов', '89123456789');
  closeSnapshotDb(db);
  return file;
}

const call = async <T>(handlers: Parameters<typeof dispatch>[0], name: string, input: unknown): Promise<T> => {
  const r = await dispatch(handlers, name, input, { transport: 'cli' });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

describe('match API: review → accept → the decision is stored', () => {
  it('runs matching as a job, shows the group with its explanation, and stores the accepted merge in the snapshot', async () => {
    const file = snapshotFile();
    const { deps, handlers } = createServices({ transport: 'cli', dataDir: path.dirname(file) });
    deps.session.open(file, { readOnly: true });
    const { jobId } = await call<{ jobId: string }>(handlers, 'match.run', { entities: ['contacts'] });
    const job = await deps.jobs.wait(jobId);
    expect(job.status).toBe('done');

    const { groups } = await call<{ groups: MatchGroupSummary[] }>(handlers, 'match.groups', { entity: 'contacts' });
    expect(groups.map((g) => g.key)).toEqual(['1,2']);
    const detail = await call<MatchGroupDetail>(handlers, 'match.group', { entity: 'contacts', key: '1,2', survivorRule: 'oldest' });
    expect(detail.proposedSurvivor).toBe(1);
    expect(detail.pairs[0]?.reason).toMatch(/^Linked/);

    expect(detail.fields.find((f) => f.key === 'name')).toMatchObject({ values: [['Иванов Александр'], ['Саша Иванов']], proposedFrom: 1 });
    const wrong = await dispatch(handlers, 'match.accept', { entity: 'contacts', key: '1,2', survivorRule: 'oldest', fieldChoices: { name: { from: 2, values: ['Иванов Александр'] } } }, { transport: 'cli' });
    expect(wrong.ok ? null : wrong.error.code).toBe('BAD_INPUT');

    const decision = await call<MatchDecisionView>(handlers, 'match.accept', {
      entity: 'contacts',
      key: '1,2',
      survivorRule: 'oldest',
      fieldChoices: { name: { from: 2, values: ['Саша Иванов'] } },
    });
    expect([decision.kind, decision.survivorId, decision.loserIds]).toEqual(['merge', 1, [2]]);
    expect(decision.fieldChoices.name).toEqual({ from: 2, values: ['Саша Иванов'], value: 'Саша Иванов' });
    const accepted = await call<MatchGroupDetail>(handlers, 'match.group', { entity: 'contacts', key: '1,2' });
    expect(accepted.decision?.fieldChoices.name?.from).toBe(2);
    const bad = await dispatch(handlers, 'match.accept', { entity: 'contacts', key: '1,2' }, { transport: 'cli' });
    expect(bad.ok).toBe(false);
    deps.session.close();

    // the decision is in the file
    const db = openSnapshotDb(file, { mode: 'readonly' });
    const rows = db.prepare("SELECT kind, survivor_id, loser_ids, json_extract(field_choices, '$.name.value') AS name FROM match_decisions WHERE undone_at IS NULL").all();
    expect(rows).toEqual([{ kind: 'merge', survivor_id: 1, loser_ids: '[2]', name: 'Саша Иванов' }]);
    db.close();
  });

  it('answers NO_SNAPSHOT without an open snapshot', async () => {
    const { handlers } = createServices({ transport: 'cli', dataDir: os.tmpdir() });
    const r = await dispatch(handlers, 'match.groups', { entity: 'contacts' }, { transport: 'cli' });
    expect(r.ok ? null : r.error.code).toBe('NO_SNAPSHOT');
  });
});
