// runtime: node
/**
 * The contract fields "amosweep plan" needs, through dispatch: plan.add's survivor, losers,
 * rights and undocumented, its one-run file mode (a read-only check before the writer lock, the
 * lock waited for with the holder named, cancel while waiting), plan.fromIntents with a file,
 * plan.requests, plan.checklist, plan.suggestLossReasons without a limit and the dry run's summary.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobState } from '../../../shared/api/jobs';
import type { DryRunResult, PlanAddResult, PlanRequestInfo } from '../../../shared/api/methods/plan';
import { dispatch } from '../../../shared/api/dispatch';
import type { Transport } from '../../../shared/api/methods/app';
import { PLAN_REQUEST, UNDOCUMENTED_MERGE } from '../../../shared/plan/operations';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { acquireWriterLockSync, lockFileOf } from '../db/writer-lock';
import { adminChecklist } from '../plan/checklist';
import { UNDOCUMENTED_MERGE_KIND } from '../push/operations';
import { finishedSnapshotOf, smallAccount, tempFile } from '../push/testing/test-helpers';
import { createServices } from './create-services';

let file: string;
let cleanup: () => void;

beforeEach(() => {
  const t = tempFile('add.amosweep');
  file = t.file;
  cleanup = t.cleanup;
  const account = smallAccount(4);
  account.collections.roles = [{ id: 7, name: 'Продажи', rights: { leads: { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' } } }];
  account.collections.contacts_tags = [...account.collections.contacts_tags!, { id: 303, name: 'никто' }];
  account.collections.leads_notes = [{ id: 1, entity_id: 5004, note_type: 'common', created_at: 1, updated_at: 1, params: { text: 'Просит скидку: дорого' } }];
  closeSnapshotDb(finishedSnapshotOf(account, file));
});
afterEach(() => cleanup());

function services(transport: Transport = 'cli') {
  const { deps, handlers } = createServices({ transport, dataDir: path.dirname(file), rememberFiles: false });
  const raw = (name: string, input: unknown) => dispatch(handlers, name, input, { transport });
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await raw(name, input);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  return { deps, raw, call };
}

/** the app's edit holds the file's writer lock until the next turn of the event loop */
const nextTurn = () => new Promise<void>((r) => setImmediate(r));
const sha = (f: string): string => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const sideFiles = (f: string): string[] => fs.readdirSync(path.dirname(f)).filter((n) => n !== path.basename(f));

function planRows(f: string): { plan_id: number; kind: string; entity_id: number }[] {
  const db = openSnapshotDb(f, { mode: 'readonly' });
  try {
    return db.prepare('SELECT plan_id, kind, entity_id FROM plan_operations ORDER BY id').all() as { plan_id: number; kind: string; entity_id: number }[];
  } finally {
    closeSnapshotDb(db);
  }
}

describe('plan.requests', () => {
  it('lists every request the registry builds, with its usage lines and required parameters', async () => {
    const requests = await services().call<PlanRequestInfo[]>('plan.requests', {});
    expect(requests.map((r) => r.request).sort()).toEqual(Object.values(PLAN_REQUEST).sort());
    const by = new Map(requests.map((r) => [r.request, r]));
    expect(by.get(PLAN_REQUEST.mergeContacts)).toMatchObject({ needs: ['survivor', 'losers'], usage: expect.stringMatching(/--undocumented\s+UNDOCUMENTED and IRREVERSIBLE/) });
    // merge.companies is covered by merge.contacts' lines
    expect(by.get(PLAN_REQUEST.mergeCompanies)).toMatchObject({ needs: ['survivor', 'losers'], usage: null });
    expect(by.get(PLAN_REQUEST.tagsDetach)!.needs).toEqual(['tag', 'entity']);
    expect(by.get(PLAN_REQUEST.normalizePhones)).toMatchObject({ needs: [], usage: expect.stringMatching(/^normalize\.phones/) });
  });

  it('the shared undocumented merge kind is the registry\'s', () => {
    expect(UNDOCUMENTED_MERGE.kind).toBe(UNDOCUMENTED_MERGE_KIND);
  });
});

describe('plan.add: the fields the command line sends', () => {
  it('merges one group by survivor and losers; the undocumented merge only from the command line, and it is counted', async () => {
    const app = services('web');
    await app.call('snapshot.open', { file });
    const group = await app.call<PlanAddResult>('plan.add', { operation: PLAN_REQUEST.mergeContacts, survivor: 1001, losers: [1004] });
    expect(group).toMatchObject({ plan: 1, total: group.operations });
    expect(group.operations).toBeGreaterThan(1);
    expect(group.undocumented).toBeUndefined();
    const refused = await app.raw('plan.add', { operation: PLAN_REQUEST.mergeContacts, survivor: 1002, losers: [1003], undocumented: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/command-line opt-in/) } });
    app.deps.session.close();
    await nextTurn();

    const cli = services('cli');
    const undocumented = await cli.call<PlanAddResult>('plan.add', { operation: PLAN_REQUEST.mergeContacts, survivor: 1002, losers: [1003], undocumented: true, file });
    expect(undocumented).toEqual({ plan: 1, operations: 1, total: group.operations + 1, undocumented: 1 });
    expect(planRows(file).filter((r) => r.kind === UNDOCUMENTED_MERGE.kind)).toEqual([{ plan_id: 1, kind: UNDOCUMENTED_MERGE.kind, entity_id: 1002 }]);
    // losers that are not ids, or a survivor that is not one, never reach the services
    for (const bad of [{ losers: [0] }, { losers: ['1003'] }, { survivor: -1 }, { undocumented: 'yes' }]) {
      const r = await cli.raw('plan.add', { operation: PLAN_REQUEST.mergeContacts, survivor: 1002, losers: [1003], file, ...bad });
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/Invalid arguments for plan\.add/) } });
    }
  });

  it('takes the rights of a new role as a JSON object, and refuses anything else at the boundary', async () => {
    const { call, raw } = services();
    const rights = { leads: { view: 'A', delete: 'D' } };
    expect(await call<PlanAddResult>('plan.add', { operation: PLAN_REQUEST.rolesCreate, name: 'Только чтение', rights, file })).toEqual({ plan: 1, operations: 1, total: 1 });
    const db = openSnapshotDb(file, { mode: 'readonly' });
    const params = JSON.parse((db.prepare('SELECT params FROM plan_operations').get() as { params: string }).params) as { rights: { leads: Record<string, string> } };
    closeSnapshotDb(db);
    expect(params.rights.leads).toMatchObject({ view: 'A', delete: 'D' });
    const before = sha(file);
    for (const bad of [[1, 2], 'A', null]) {
      const r = await raw('plan.add', { operation: PLAN_REQUEST.rolesCreate, name: 'X', rights: bad, file });
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/rights: Rights must be a JSON object/) } });
    }
    // an object with a key a role does not take: the role's module refuses it (not a request error: no details.missing)
    const key = await raw('plan.add', { operation: PLAN_REQUEST.rolesCreate, name: 'X', rights: { is_admin: true }, file });
    expect(key).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/unknown key "is_admin"/) } });
    expect(key.ok ? null : key.error.details).toBeUndefined();
    expect(sha(file)).toBe(before);
  });

  it('a request error carries details.missing (maybe empty); writer goes with a file', async () => {
    const { raw } = services();
    expect(await raw('plan.add', { operation: PLAN_REQUEST.tagsDetach, file })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { missing: ['tag', 'entity'] } } });
    expect(await raw('plan.add', { operation: PLAN_REQUEST.rolesCreate, name: 'X', preset: 'Менеджер опта', fromUser: 1, file })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/one source of rights/), details: { missing: [] } },
    });
    expect(await raw('plan.add', { operation: PLAN_REQUEST.normalizePhones, writer: 'amosweep plan add' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/writer goes with a file/) } });
    expect(await raw('plan.add', { operation: PLAN_REQUEST.normalizePhones, file: 'relative.amosweep' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/absolute path/) } });
  });

  it('merge.accepted with no group left makes no plan and says where the groups stand', async () => {
    const { call } = services();
    expect(await call<PlanAddResult>('plan.add', { operation: PLAN_REQUEST.mergeAccepted, file })).toEqual({ plan: null, operations: 0, total: 0, merge: { accepted: 0, planned: 0, merged: 0 } });
    expect(planRows(file)).toEqual([]);
    const db = openSnapshotDb(file, { mode: 'readonly' });
    expect(db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 });
    closeSnapshotDb(db);
  });
});

describe('plan.add with a file: one run, one writer', () => {
  it('a refused request fails at once, without waiting for the lock another writer holds, and leaves the file byte-identical', async () => {
    const { call, raw } = services();
    const holder = acquireWriterLockSync(file, 'amosweep push');
    try {
      const before = sha(file);
      const started = Date.now();
      const cases: [unknown, RegExp][] = [
        [{ operation: PLAN_REQUEST.fillLossReason, file, waitSeconds: null }, /needs reason/],
        [{ operation: PLAN_REQUEST.fillLossReason, reason: 'Нет такой причины', file, waitSeconds: null }, /No loss reason/],
        [{ operation: PLAN_REQUEST.fieldsDelete, field: 999_999, file, waitSeconds: null }, /No custom field 999999/],
      ];
      for (const [input, message] of cases) expect(await raw('plan.add', input)).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(sha(file)).toBe(before);
      // the holder's lock is untouched
      expect(JSON.parse(fs.readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ command: 'amosweep push', token: holder.holder.token });
      // without waiting, a good request is refused naming the holder
      const busy = await raw('plan.add', { operation: PLAN_REQUEST.normalizePhones, file, writer: 'amosweep plan add normalize.phones' });
      expect(busy).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/being written by another AmoSweep process: pid \d+ \(this process\) \("amosweep push"/) } });
      expect(sha(file)).toBe(before);
    } finally {
      holder.release();
    }
    // a foreign file is refused before any lock file is made next to it
    const foreign = path.join(path.dirname(file), 'foreign.amosweep');
    fs.writeFileSync(foreign, 'not a database at all, just text');
    for (const method of ['plan.add', 'plan.fromIntents']) {
      const r = await raw(method, { ...(method === 'plan.add' ? { operation: PLAN_REQUEST.normalizePhones } : {}), file: foreign });
      expect(r).toMatchObject({ ok: false, error: { code: 'SNAPSHOT_INVALID', message: expect.stringMatching(/not an AmoSweep snapshot/) } });
    }
    expect(sideFiles(file).sort()).toEqual(['foreign.amosweep']);
    expect(await call<PlanAddResult>('plan.add', { operation: PLAN_REQUEST.normalizePhones, file })).toMatchObject({ plan: 1, total: 4 });
  });

  it('waits for the writer as asked, its job naming the holder, then adds and releases the lock', async () => {
    const { deps, call } = services();
    const holder = acquireWriterLockSync(file, 'amosweep push');
    const seen: JobState[] = [];
    const stop = deps.events.subscribe((e) => {
      if (e.type === 'job') seen.push(e.job);
    });
    const pending = call<PlanAddResult>('plan.add', { operation: PLAN_REQUEST.normalizePhones, file, waitSeconds: null, writer: 'amosweep plan add normalize.phones' });
    for (let i = 0; i < 200 && !seen.some((j) => j.waitingFor !== undefined); i++) await new Promise((r) => setTimeout(r, 25));
    const waiting = seen.find((j) => j.waitingFor !== undefined);
    expect(waiting).toMatchObject({ kind: 'plan', titleKey: 'changes:job.add', waitingFor: expect.stringMatching(/^pid \d+ \(this process\) \("amosweep push", since /) });
    expect(planRows(file)).toEqual([]);
    holder.release();
    expect(await pending).toEqual({ plan: 1, operations: 4, total: 4 });
    stop();
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
  });

  it('a wait cancelled (Ctrl-C) ends with CANCELLED and nothing written', async () => {
    const { deps, raw } = services();
    const holder = acquireWriterLockSync(file, 'amosweep push');
    try {
      const before = sha(file);
      const stop = deps.events.subscribe((e) => {
        if (e.type === 'job' && e.job.waitingFor !== undefined && e.job.status === 'running') deps.jobs.cancel(e.job.id);
      });
      const r = await raw('plan.add', { operation: PLAN_REQUEST.normalizePhones, file, waitSeconds: 30 });
      stop();
      expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled while waiting for the snapshot file.' } });
      expect(sha(file)).toBe(before);
    } finally {
      holder.release();
    }
  });

  it('plan.fromIntents with a file: the pending Fix intents under the lock, nothing without them', async () => {
    const { call } = services();
    expect(await call('plan.fromIntents', { file })).toMatchObject({ plan: null, operations: 0, intents: 0 });
    const app = services();
    await app.call('snapshot.open', { file, access: 'edit' });
    await app.call('audit.fix', { findingId: 'leads.lost_without_reason' });
    app.deps.session.close();
    await nextTurn();
    const made = await call<{ plan: number; operations: number; intents: number }>('plan.fromIntents', { file, reason: 'Дорого', writer: 'amosweep plan add intents' });
    expect(made).toMatchObject({ plan: 1, intents: 1 });
    expect(made.operations).toBeGreaterThan(0);
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
  });
});

describe('the reads of "plan show | checklist | suggest"', () => {
  it('plan.checklist, plan.suggestLossReasons without a limit, and the dry run with its summary line', async () => {
    const { call } = services();
    await call('plan.add', { operation: PLAN_REQUEST.normalizePhones, file });
    await call('snapshot.open', { file, access: 'edit' });
    const ro = openSnapshotDb(file, { mode: 'readonly' });
    const expected = adminChecklist(ro);
    closeSnapshotDb(ro);
    expect(expected).toContainEqual(expect.objectContaining({ kind: 'tags.unused', entityType: 'contacts', id: 303, name: 'никто' }));
    expect(await call('plan.checklist', {})).toEqual(expected);
    const all = await call<{ deals: number; suggested: number; items: unknown[] }>('plan.suggestLossReasons', { limit: null });
    expect(all).toMatchObject({ deals: 4, suggested: 1, items: [{ leadId: 5004, reasonName: 'Дорого' }] });
    expect(await call('plan.suggestLossReasons', { limit: 0 })).toMatchObject({ deals: 4, suggested: 1, items: [] });
    const dry = await call<DryRunResult>('plan.dryRun', { plan: 1, limit: 0, changes: 0 });
    expect(dry).toMatchObject({ openOperations: 4, changes: [], summary: expect.stringMatching(/^4 operations → \d+ requests → about \d+ s at 7 rps/) });
  });
});
