// runtime: node
/**
 * Files through dispatch: read-only opening of a file that is not the user's own working
 * copy (writes refused, the file byte-identical), "Make a working copy", the recent-files
 * list in the state folder, a file received from the browser in chunks, and the dialog
 * answer of a host without one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { UPLOAD_CHUNK_BYTES, type RecentFile, type UploadResult } from '../../../shared/api/methods/files';
import type { SnapshotInfo } from '../../../shared/api/methods/snapshot';
import type { Result } from '../../../shared/api/result';
import { addContact, addStandardFields, createTestSnapshot } from '../audit/testing/test-snapshot';
import { closeSnapshotDb } from '../db/open';
import { RECENT_LIMIT } from '../files/recent-files';
import { createServices } from './create-services';
import { safeSnapshotName } from './files-handlers';

let root: string;
let dataDir: string;
let services: ReturnType<typeof createServices>;
const cleanups: (() => void)[] = [];

async function call<T>(method: string, input: unknown): Promise<Result<T>> {
  return (await dispatch(services.handlers, method, input, { transport: 'web' })) as Result<T>;
}
async function value<T>(method: string, input: unknown): Promise<T> {
  const r = await call<T>(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** A small snapshot file outside the data folder (a file someone handed over). */
function foreignSnapshot(name = 'handed-over.amosweep'): string {
  const snap = createTestSnapshot();
  cleanups.push(snap.cleanup);
  addStandardFields(snap.db);
  for (let i = 1; i <= 3; i++) addContact(snap.db, { id: i, name: `Контакт ${i}`, phones: ['89123456789'] });
  const meta = snap.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  meta.run('account_name', 'Acme');
  meta.run('subdomain', 'acme');
  meta.run('finished_at', '1764900000000');
  meta.run('status', 'complete');
  closeSnapshotDb(snap.db);
  const file = path.join(path.dirname(snap.file), name);
  fs.renameSync(snap.file, file);
  return file;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-files-'));
  dataDir = path.join(root, 'data');
  services = createServices({ transport: 'web', dataDir, stateDir: path.join(root, 'state') });
});
afterEach(async () => {
  services.deps.session.close();
  await services.deps.jobs.shutdown();
  while (cleanups.length) cleanups.pop()!();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('read-only opening', () => {
  it('locks a file from elsewhere: writes are refused with READ_ONLY and the file stays byte-identical', async () => {
    const file = foreignSnapshot();
    const before = fs.readFileSync(file);
    const info = await value<SnapshotInfo>('snapshot.open', { file });
    expect(info).toMatchObject({ readOnly: true, locked: true, accountName: 'Acme' });
    expect(await value<SnapshotInfo>('snapshot.current', {})).toMatchObject({ locked: true });
    // reading and auditing work (the audit is not stored in the file) ...
    expect(await call('audit.run', {})).toMatchObject({ ok: true });
    // ... every write is refused
    expect(await call('match.exclude', { entity: 'contacts', key: 'contacts:1,2', cardId: 1 })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(() => services.deps.session.requireWritable()).toThrow(/not your working copy/);
    services.deps.session.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('opens the user\'s own files (in the data folder, or taken here) writable on demand, and "edit" on request', async () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const inData = path.join(dataDir, 'mine.amosweep');
    fs.copyFileSync(foreignSnapshot(), inData);
    expect(await value<SnapshotInfo>('snapshot.open', { file: 'mine.amosweep' })).toMatchObject({ file: inData, locked: false });
    expect(services.deps.session.requireWritable().readOnly).toBe(false);

    const marked = foreignSnapshot('taken-here.amosweep');
    services.deps.ownership.markOwn(marked);
    expect(await value<SnapshotInfo>('snapshot.open', { file: marked })).toMatchObject({ locked: false });

    const other = foreignSnapshot('other.amosweep');
    expect(await value<SnapshotInfo>('snapshot.open', { file: other, access: 'edit' })).toMatchObject({ locked: false });
    expect(services.deps.session.requireWritable().readOnly).toBe(false);
  });

  it('makes a working copy in the data folder, opens it writable and leaves the original untouched', async () => {
    const file = foreignSnapshot();
    const before = fs.readFileSync(file);
    await value('snapshot.open', { file });
    const copy = await value<SnapshotInfo>('snapshot.workingCopy', {});
    expect(path.dirname(copy.file)).toBe(dataDir);
    expect(path.basename(copy.file)).toBe('handed-over-working-copy.amosweep');
    expect(copy).toMatchObject({ locked: false, accountName: 'Acme', counts: expect.objectContaining({ contacts: 3 }) });
    expect(services.deps.session.requireWritable().file).toBe(copy.file);
    // a second copy gets its own name
    await value('snapshot.open', { file });
    expect(path.basename((await value<SnapshotInfo>('snapshot.workingCopy', {})).file)).toBe('handed-over-working-copy (2).amosweep');
    services.deps.session.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    // the copy stays the user's own after a restart of the services
    const again = createServices({ transport: 'web', dataDir, stateDir: path.join(root, 'state') });
    expect(again.deps.ownership.isOwn(copy.file)).toBe(true);
    expect(again.deps.ownership.isOwn(file)).toBe(false);
  });
});

describe('recent files', () => {
  it('lists opened files newest first with account and date, survives a restart, forgets and marks missing files', async () => {
    const a = foreignSnapshot('a.amosweep');
    const b = foreignSnapshot('b.amosweep');
    await value('snapshot.open', { file: a });
    await value('snapshot.open', { file: b });
    await value('snapshot.open', { file: a });
    const list = await value<RecentFile[]>('files.recent', {});
    expect(list.map((r) => path.basename(r.file))).toEqual(['a.amosweep', 'b.amosweep']);
    expect(list[0]).toMatchObject({ accountName: 'Acme', subdomain: 'acme', takenAt: 1764900000000, exists: true });
    expect(fs.existsSync(path.join(root, 'state', 'recent-files.json'))).toBe(true);

    const again = createServices({ transport: 'web', dataDir, stateDir: path.join(root, 'state') });
    const reread = (await dispatch(again.handlers, 'files.recent', {}, { transport: 'web' })) as Result<RecentFile[]>;
    expect(reread.ok && reread.value.map((r) => r.file)).toEqual(list.map((r) => r.file));

    services.deps.session.close();
    fs.rmSync(b);
    expect((await value<RecentFile[]>('files.recent', {})).find((r) => r.file === b)?.exists).toBe(false);
    expect(await value('files.forgetRecent', { file: b })).toEqual({ forgotten: true });
    expect((await value<RecentFile[]>('files.recent', {})).map((r) => r.file)).toEqual([a]);
  });

  it(`keeps at most ${RECENT_LIMIT} and tolerates a broken list file`, async () => {
    for (let i = 0; i < RECENT_LIMIT + 3; i++) services.deps.recentFiles.add({ file: `/x/${i}.amosweep`, accountName: null, subdomain: null, takenAt: null }, i);
    const list = await value<RecentFile[]>('files.recent', {});
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]!.file).toBe(path.resolve(`/x/${RECENT_LIMIT + 2}.amosweep`));
    fs.writeFileSync(path.join(root, 'state', 'recent-files.json'), '{not json');
    expect(await value('files.recent', {})).toEqual([]);
  });
});

describe('files received from the browser', () => {
  async function upload(bytes: Buffer, name: string): Promise<Result<UploadResult>> {
    let uploadId: string | undefined;
    let last: Result<UploadResult> | null = null;
    for (let offset = 0; offset < bytes.length || offset === 0; offset += UPLOAD_CHUNK_BYTES) {
      const chunk = bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES);
      const done = offset + UPLOAD_CHUNK_BYTES >= bytes.length;
      last = await call<UploadResult>('files.upload', { ...(uploadId ? { uploadId } : {}), name, offset, data: chunk.toString('base64'), done });
      if (!last.ok || done) break;
      uploadId = last.value.uploadId;
    }
    return last!;
  }

  it('stores a dropped snapshot in <data>/received/ in chunks; it opens read-only', async () => {
    const file = foreignSnapshot();
    // grow it past one chunk
    const big = fs.readFileSync(file);
    expect(big.length).toBeGreaterThan(0);
    const result = await upload(big, '../../evil/name.amosweep');
    expect(result.ok).toBe(true);
    const received = result.ok ? result.value.file! : '';
    expect(received).toBe(path.join(dataDir, 'received', 'name.amosweep'));
    expect(fs.readFileSync(received).equals(big)).toBe(true);
    expect(await value<SnapshotInfo>('snapshot.open', { file: received })).toMatchObject({ locked: true });
    expect(fs.readdirSync(path.join(dataDir, 'received')).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('refuses a file that is not a snapshot and keeps nothing of it; refuses chunks out of order', async () => {
    const junk = Buffer.alloc(UPLOAD_CHUNK_BYTES + 1000, 7);
    const result = await upload(junk, 'junk.amosweep');
    expect(result).toMatchObject({ ok: false, error: { code: 'SNAPSHOT_INVALID' } });
    expect(fs.readdirSync(path.join(dataDir, 'received'))).toEqual([]);

    const first = await value<UploadResult>('files.upload', { name: 'x.amosweep', offset: 0, data: Buffer.from('abc').toString('base64'), done: false });
    expect(await call('files.upload', { uploadId: first.uploadId, name: 'x.amosweep', offset: 10, data: '', done: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('names received files safely', () => {
    expect(safeSnapshotName('C:\\Users\\a\\report.AMOSWEEP')).toBe('report.amosweep');
    expect(safeSnapshotName('../..')).toBe('snapshot.amosweep');
    expect(safeSnapshotName('a:b?.db')).toBe('a_b_.db.amosweep');
  });
});

describe('app.pickFile', () => {
  it('answers "not supported" without a dialog (browser build), and asks the host dialog when there is one', async () => {
    expect(await value('app.pickFile', { purpose: 'open' })).toEqual({ supported: false, file: null });
    const asked: unknown[] = [];
    const withDialog = createServices({
      transport: 'electron',
      dataDir,
      stateDir: path.join(root, 'state'),
      pickFile: async (request) => {
        asked.push(request);
        return { supported: true, file: '/picked.amosweep' };
      },
    });
    const r = await dispatch(withDialog.handlers, 'app.pickFile', { purpose: 'save', defaultName: 'a/b.amosweep' }, { transport: 'electron' });
    expect(r).toEqual({ ok: true, value: { supported: true, file: '/picked.amosweep' } });
    expect(asked).toEqual([{ purpose: 'save', defaultDir: dataDir, defaultName: 'b.amosweep' }]);
  });
});
