// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { presetRules } from './rules';
import { MatchStore } from './store';
import type { AmoEntity } from './types';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const contact = (id: number, name: string, phone: string | null, extra: Partial<AmoEntity> = {}): AmoEntity => ({
  id,
  name,
  responsible_user_id: 1,
  created_at: 1_600_000_000 + id,
  updated_at: 1_600_000_000 + id,
  custom_fields_values: phone ? [{ field_id: 10, field_name: 'Телефон', field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] }] : [],
  ...extra,
});

function snapshot(entities: AmoEntity[]): { file: string; db: SqliteDb } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-match-'));
  dirs.push(dir);
  const file = path.join(dir, 'snap.amosweep');
  const db = openSnapshotDb(file, { mode: 'create' });
  const insert = db.prepare('INSERT INTO contacts (id, name, responsible_user_id, created_at, updated_at, raw) VALUES (?, ?, ?, ?, ?, ?)');
  for (const e of entities) insert.run(e.id, e.name ?? null, e.responsible_user_id ?? null, e.created_at ?? null, e.updated_at ?? null, JSON.stringify(e));
  return { file, db };
}

// 40 unrelated cards make the statistics meaningful; then three duplicate groups
const background = Array.from({ length: 40 }, (_, k) => contact(1000 + k, `Фамилия${k} Имя${k}`, `+7 916 ${String(1000000 + k * 7919).slice(0, 7)}`));
const cards = [
  ...background,
  contact(1, 'Иванов Иван', '+7 912 345-67-89'),
  contact(2, 'Ваня Иванов', '89123456789', { responsible_user_id: 1 }),
  contact(3, 'Петрова Мария', '+7 903 111-22-33'),
  contact(4, 'Маша Петрова', '8 (903) 111-22-33'),
  contact(5, 'Мария Петрова', '9031112233'),
  contact(6, 'Сидоров Пётр', '+7 985 777-00-11'),
  contact(7, 'Петр Сидоров', '+79857770011', { responsible_user_id: 2 }),
];

describe('MatchStore', () => {
  it('stores runs, accepts and excludes groups, and keeps decisions across re-runs and reopening', () => {
    const { file, db } = snapshot(cards);
    const store = new MatchStore(db);
    const rules = presetRules('balanced', 'contacts');
    store.run('contacts', rules, 'balanced', 'test');
    const first = store.listGroups('contacts', 'all', 0, 100);
    expect(first.groups.map((g) => g.key).sort()).toEqual(['1,2', '3,4,5', '6,7']);
    // different responsible users are a risk flag: sorted after the risk-free groups
    expect(first.groups.at(-1)?.key).toBe('6,7');
    expect(first.groups.find((g) => g.key === '6,7')?.risk).toContain('different_responsible');

    const detail = store.groupDetail('contacts', '3,4,5', 'oldest');
    expect(detail.proposedSurvivor).toBe(3);
    expect(detail.pairs.length).toBeGreaterThan(0);
    const phoneRow = detail.fields.find((f) => f.key === 'phone');
    expect(phoneRow?.union).toBe(true);
    expect(phoneRow?.proposed).toEqual(['+7 903 111-22-33']); // three spellings of one number: kept once

    const merge = store.accept('contacts', '3,4,5', { survivorRule: 'oldest' });
    expect(merge.survivorId).toBe(3);
    expect(merge.loserIds).toEqual([4, 5]);
    const notDup = store.exclude('contacts', '1,2');
    expect(notDup.kind).toBe('not_duplicate');

    // a re-run keeps the decisions: 1,2 are no longer grouped, 3,4,5 is still accepted
    store.run('contacts', rules, 'balanced', 'test');
    const second = store.listGroups('contacts', 'all', 0, 100);
    expect(second.groups.map((g) => g.key).sort()).toEqual(['3,4,5', '6,7']);
    expect(second.groups.find((g) => g.key === '3,4,5')?.status).toBe('accepted');

    // reopen the file: everything is still there
    closeSnapshotDb(db);
    const db2 = openSnapshotDb(file, { mode: 'readwrite' });
    const store2 = new MatchStore(db2);
    expect(store2.decisions('contacts').map((d) => d.kind)).toEqual(['merge', 'not_duplicate']);
    store2.run('contacts', rules, 'balanced', 'test');
    expect(store2.listGroups('contacts', 'all', 0, 100).groups.map((g) => g.key).sort()).toEqual(['3,4,5', '6,7']);

    // undo the "not a duplicate": the next run groups 1 and 2 again
    expect(store2.undo(notDup.id)).toBe(true);
    expect(store2.undo(notDup.id)).toBe(false);
    store2.run('contacts', rules, 'balanced', 'test');
    expect(store2.listGroups('contacts', 'open', 0, 100).groups.map((g) => g.key).sort()).toEqual(['1,2', '6,7']);
    db2.close();
  });

  it('takes a single card out of a group, and puts it back on undo', () => {
    const { db } = snapshot(cards);
    const store = new MatchStore(db);
    store.run('contacts', presetRules('balanced', 'contacts'), 'balanced', null);
    const d = store.exclude('contacts', '3,4,5', 5);
    expect(store.listGroups('contacts', 'all', 0, 100).groups.find((g) => g.key === '3,4,5')?.ids).toEqual([3, 4]);
    store.run('contacts', presetRules('balanced', 'contacts'), 'balanced', null);
    const keys = store.listGroups('contacts', 'all', 0, 100).groups.map((g) => g.key);
    expect(keys).toContain('3,4');
    expect(keys).not.toContain('3,4,5');
    store.undo(d.id);
    db.close();
  });

  it('offers the responsible user as a field, and stores the chosen surviving values in the merge decision', () => {
    const { db } = snapshot(cards);
    db.prepare('INSERT INTO users (id, name, raw) VALUES (?, ?, ?)').run(2, 'Ольга', '{}');
    const store = new MatchStore(db);
    store.run('contacts', presetRules('balanced', 'contacts'), 'balanced', null);
    const detail = store.groupDetail('contacts', '6,7', 'oldest');
    expect(detail.proposedSurvivor).toBe(6);
    expect(detail.decision).toBeNull();
    expect(detail.fields.map((f) => f.key).slice(0, 2)).toEqual(['name', 'responsible_user_id']);
    const responsible = detail.fields.find((f) => f.key === 'responsible_user_id')!;
    expect(responsible).toMatchObject({ values: [['1'], ['2']], differs: true, union: false, proposedFrom: 6, proposed: ['1'] });
    expect(responsible.valueLabels).toEqual({ '1': '#1', '2': 'Ольга' });

    // a choice must be one card's values of a field of the group
    expect(() => store.accept('contacts', '6,7', { survivorRule: 'oldest', fieldChoices: { name: { from: 7, values: ['Иван'] } } })).toThrow(/does not hold/);
    expect(() => store.accept('contacts', '6,7', { survivorRule: 'oldest', fieldChoices: { name: { from: 3, values: ['Петрова Мария'] } } })).toThrow(/not in group/);
    expect(() => store.accept('contacts', '6,7', { survivorRule: 'oldest', fieldChoices: { 'cf:999': { from: 7, values: [] } } })).toThrow(/no field/);
    expect(store.decisions('contacts')).toEqual([]);

    const merge = store.accept('contacts', '6,7', {
      survivorRule: 'oldest',
      fieldChoices: {
        name: { from: 7, values: ['Петр Сидоров'] },
        responsible_user_id: { from: 7, values: ['2'] },
        phone: { from: 7, values: [] }, // ignored: phones are unioned
      },
    });
    expect(merge.survivorId).toBe(6);
    expect(merge.fieldChoices.name).toEqual({ from: 7, values: ['Петр Сидоров'], value: 'Петр Сидоров' });
    expect(merge.fieldChoices.responsible_user_id).toEqual({ from: 7, values: ['2'], value: 2 });
    expect(merge.fieldChoices.phone).toEqual({ from: null, values: ['+7 985 777-00-11'], value: '+7 985 777-00-11' });

    // the accepted group shows its stored decision
    const accepted = store.groupDetail('contacts', '6,7', 'most_deals');
    expect(accepted.status).toBe('accepted');
    expect(accepted.decision?.id).toBe(merge.id);
    expect(accepted.decision?.fieldChoices.name?.from).toBe(7);

    // without choices the proposed values are stored (the survivor's, or the first non-empty)
    const plain = store.accept('contacts', '3,4,5', { survivorRule: 'oldest' });
    expect(plain.fieldChoices.name).toEqual({ from: 3, values: ['Петрова Мария'], value: 'Петрова Мария' });
    expect(plain.fieldChoices.responsible_user_id).toEqual({ from: 3, values: ['1'], value: 1 });
    db.close();
  });

  it('bulk-accepts confident groups: "different responsible" is a note, not a block (issue 16 item 9)', () => {
    const { db } = snapshot(cards);
    const store = new MatchStore(db);
    store.run('contacts', presetRules('balanced', 'contacts'), 'balanced', null);
    expect(store.listGroups('contacts', 'open', 0, 100).groups.find((g) => g.key === '6,7')?.risk).toEqual(['different_responsible']);
    const r = store.bulkAccept('contacts', 0.5, 'most_deals');
    expect(r.accepted).toBe(3);
    expect(r.heldBack).toBe(0);
    expect(store.listGroups('contacts', 'open', 0, 100).groups).toEqual([]);
    db.close();
  });
});
