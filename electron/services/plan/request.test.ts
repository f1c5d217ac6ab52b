// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDb } from '../db/open';
import { smallAccount, snapshotOf, tempFile } from '../push/test-helpers';
import { buildFillLossReason, buildTasksCreate } from './builders';
import { buildOperations, PlanRequestError } from './request';

let db: SqliteDb;
let cleanup: () => void;
beforeEach(() => {
  const t = tempFile();
  cleanup = t.cleanup;
  db = snapshotOf(smallAccount(6), t.file);
});
afterEach(() => {
  db.close();
  cleanup();
});

const refusal = (request: Parameters<typeof buildOperations>[1]): PlanRequestError => {
  try {
    buildOperations(db, request);
  } catch (error) {
    if (error instanceof PlanRequestError) return error;
    throw error;
  }
  throw new Error(`${request.operation} was accepted`);
};

describe('buildOperations (one request → operations, for the app and the CLI)', () => {
  it('builds what the operation builders build, with the request parameters passed through', () => {
    const lost = buildOperations(db, { operation: 'fill.loss_reason', reason: 'Дорого' });
    expect(lost.length).toBeGreaterThan(0);
    expect(lost).toEqual(buildFillLossReason(db, { reason: 'Дорого' }));
    const some = lost.slice(0, 2).map((o) => o.entityId);
    expect(buildOperations(db, { operation: 'fill.loss_reason', reason: 'Дорого', ids: some }).map((o) => o.entityId)).toEqual(some);
    const tasks = buildOperations(db, { operation: 'tasks.create', text: 'Позвонить' });
    expect(tasks).toEqual(buildTasksCreate(db, { text: 'Позвонить', dueDays: 1 }));
  });

  it('names every missing parameter, as BAD_INPUT with details.missing', () => {
    const none = refusal({ operation: 'tags.detach' });
    expect(none.code).toBe('BAD_INPUT');
    expect(none.missing).toEqual(['tag', 'entity']);
    expect(none.details).toEqual({ missing: ['tag', 'entity'] });
    expect(refusal({ operation: 'tags.detach', tag: 'x' }).missing).toEqual(['entity']);
    expect(refusal({ operation: 'fill.loss_reason', reason: '' }).missing).toEqual(['reason']);
    expect(refusal({ operation: 'fields.delete' }).missing).toEqual(['field']);
    expect(refusal({ operation: 'fields.to_list' }).missing).toEqual(['field']);
    expect(refusal({ operation: 'tasks.create' }).missing).toEqual(['text']);
    expect(refusal({ operation: 'roles.create' }).missing).toEqual(['name']);
    expect(refusal({ operation: 'merge.contacts', survivor: 1001, losers: [] }).missing).toEqual(['losers']);
  });

  it('refuses contradictions and unknown operations without touching the file', () => {
    const before = db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    expect(refusal({ operation: 'roles.create', name: 'X', preset: 'Менеджер опта', fromUser: 1 }).message).toMatch(/one source of rights/);
    expect(refusal({ operation: 'tags.detach', tag: 'x', entity: 'tasks' as never }).message).toMatch(/unknown entity type "tasks"/);
    expect(refusal({ operation: 'delete.everything' }).message).toMatch(/Unknown operation "delete.everything"/);
    expect(db.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual(before);
  });
});
