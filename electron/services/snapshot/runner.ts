// runtime: node
/**
 * Takes (or resumes, or refreshes) a snapshot of one account into one .amosweep file.
 *
 * Crash safety: each page is written together with its collection's cursor (the next page
 * URL) and watermark in ONE transaction. A run killed at any point (even kill -9) leaves the
 * file at the last committed page; running again on the same file continues from the stored
 * next URL, so committed pages are never fetched again and the result equals an
 * uninterrupted run. The notes/events window is fixed at the first start (meta.notes_from).
 *
 * Refresh (on a complete file): small reference collections are fetched whole and replace
 * their rows; large ones are fetched with filter[updated_at][from] = watermark - overlap
 * (events: filter[created_at][from]) and upserted. Deletions are detected from the events
 * fetched in the same refresh (lead_deleted / contact_deleted / company_deleted /
 * task_deleted, unless a later *_restored event exists): they cost no extra requests, cover
 * trashed and purged entities alike, and keep an unchanged account's refresh at ~23 requests (one of them for the catalogs, extras.ts).
 * `with=only_deleted` was not used: it lists every trashed entity ever (many pages on a
 * big account) and says nothing about entities already purged from the trash.
 */
import fs from 'node:fs';
import type { JobStep } from '../../../shared/api/jobs';
import { AppError } from '../../../shared/api/result';
import type { ApiObject, CollectionFile } from '../../../shared/amo/wire';
import { isMissingRights, type AmoClient, type QueryValue } from '../amo/client';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { withWriterLock, type LockHolder, type WriterLock } from '../db/writer-lock';
import { checkSnapshotAccount } from './account-check';
import { contentHash } from './content-hash';
import { deleteEntities, ingestAccount, ingestItems } from './ingest';
import { snapshotProgress } from './progress';
import { COUNTED_TABLES, snapshotPlan, type CollectionPlan } from './plan';
import { reconcileShifts, SHIFT_EVENTS } from './reconcile';
import { extraCounts, snapshotExtras } from './extras';
import { hasTable } from '../db/handles';
import { deleteMeta, readMeta, writeMeta } from './meta';

export interface SnapshotProgress {
  steps: JobStep[];
  fraction: number | null;
  etaSeconds: number | null;
  rate: { current: number; limit: number };
  requests: number;
}

export interface SnapshotRunOptions {
  client: AmoClient;
  file: string;
  /** refresh a complete file; an incomplete one is always resumed */
  refresh?: boolean;
  notesMonths?: NotesMonths;
  appVersion: string;
  /** from the connection; replaced by the account's own subdomain once fetched */
  subdomain?: string;
  signal?: AbortSignal;
  /** called between pages: waits while paused, throws CANCELLED when cancelled */
  checkpoint?: () => Promise<void>;
  onProgress?: (progress: SnapshotProgress) => void;
  nativeBinding?: string;
  /**
   * large lists fetched at the same time (all through the one rate limiter); default 1.
   * 2 helps against a slow, far-away API; but while one list's page is being written the
   * other's request can be held back and then leave together with the next one, so on a
   * busy machine the server may see a burst: 1 is the safe default for a 7 rps ceiling.
   */
  concurrency?: number;
  /** request a list's next page while the current one is written (default true) */
  prefetch?: boolean;
  /** seconds subtracted from watermarks on refresh; default 300 */
  overlapSeconds?: number;
  now?: () => number;
  /** the file's writer lock, when the caller already holds it (it is not released here) */
  writerLock?: WriterLock;
  /** otherwise the lock is taken here: who writes (shown to a refused writer) */
  writerCommand?: string;
  /** seconds to wait for another writer to finish (default 0: refuse at once) */
  waitSeconds?: number;
  onWaitForWriter?: (holder: LockHolder | null) => void;
}

export interface SnapshotResult {
  file: string;
  counts: Record<string, number>;
  requests: number;
  seconds: number;
  rejected429: number;
  retries: number;
  mode: 'new' | 'resumed' | 'refresh';
  deleted: number;
  contentHash: string;
  /** false when amoCRM refused the users list (a token without admin rights): the audit's user findings are then not computed */
  usersReadable: boolean;
}

interface Cursor {
  mode: 'full' | 'refresh';
  next: string | null;
  page: number;
  /** filter[stamp][from] for this fetch, when it is filtered */
  from: number | null;
  /**
   * the server's clock (HTTP Date) when this fetch began: the next refresh asks for what
   * changed since then (minus the overlap). Independent of the data's own timestamps, so a
   * burst of entities sharing one updated_at does not get refetched on every refresh.
   */
  serverStart?: number | null;
  /** every page is read; what was trashed meanwhile is still to be reconciled (reconcile.ts) */
  verify?: boolean;
}

interface CollectionRow {
  name: string;
  status: string;
  cursor: string | null;
  pages: number;
  items: number;
  watermark: number | null;
}

const meta = readMeta;
export const setMeta = writeMeta;

/** The start of the notes and events window: `months` before `asOf` (unix seconds), or null for none. */
/** Notes and events window: the last N months, or the whole history ('all'). */
export type NotesMonths = number | 'all';

/** Where the notes and events window starts (Unix seconds): null for none (0 months), 0 for the whole history. */
export function notesWindowFrom(asOf: number, months: NotesMonths): number | null {
  if (months === 'all') return 0;
  if (months <= 0) return null;
  const from = new Date(asOf * 1000);
  from.setUTCMonth(from.getUTCMonth() - months);
  return Math.floor(from.getTime() / 1000);
}

export function tableCounts(db: SqliteDb): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of COUNTED_TABLES) out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  // customers, catalogs and their elements, when the account has any (kept raw: extras.ts)
  Object.assign(out, extraCounts(db));
  return out;
}

function maxStamp(items: readonly ApiObject[], stamp: 'updated_at' | 'created_at'): number | null {
  let max: number | null = null;
  for (const i of items) {
    const v = i[stamp];
    if (typeof v === 'number' && (max === null || v > max)) max = v;
  }
  return max;
}

const DELETE_EVENTS: Record<string, { deleted: string; restored: string; table: 'leads' | 'contacts' | 'companies' | 'tasks' }> = {
  lead: { deleted: 'lead_deleted', restored: 'lead_restored', table: 'leads' },
  contact: { deleted: 'contact_deleted', restored: 'contact_restored', table: 'contacts' },
  company: { deleted: 'company_deleted', restored: 'company_restored', table: 'companies' },
  task: { deleted: 'task_deleted', restored: 'task_restored', table: 'tasks' },
};

/** Entities whose latest delete/restore event since `from` is a delete. */
function applyDeletions(db: SqliteDb, from: number): number {
  let n = 0;
  for (const spec of Object.values(DELETE_EVENTS)) {
    const rows = db
      .prepare(
        `SELECT entity_id FROM events e
         WHERE type = ? AND created_at >= ? AND entity_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM events r WHERE r.type = ? AND r.entity_id = e.entity_id AND r.created_at > e.created_at)`,
      )
      .all(spec.deleted, from, spec.restored) as { entity_id: number }[];
    const ids = [...new Set(rows.map((r) => r.entity_id))];
    if (spec.table === 'tasks') {
      const del = db.prepare('DELETE FROM tasks WHERE id = ?');
      for (const id of ids) n += del.run(id).changes;
    } else {
      n += deleteEntities(db, spec.table, ids);
    }
  }
  return n;
}

/**
 * Takes, resumes or refreshes a snapshot while holding the file's writer lock (one writer
 * per file across processes): a second writer is refused naming the holder, or waits up to
 * options.waitSeconds. `--refresh` of a file that is not a snapshot yet refuses instead of
 * starting a full snapshot.
 */
export async function runSnapshot(options: SnapshotRunOptions): Promise<SnapshotResult> {
  if (options.refresh && !(fs.existsSync(options.file) && fs.statSync(options.file).size > 0)) {
    throw new AppError('SNAPSHOT_INVALID', `${options.file} is not an AmoSweep snapshot yet: there is nothing to refresh. Take a snapshot first (without --refresh).`, undefined, { key: 'snapshot.nothingToRefresh', params: { file: options.file } });
  }
  const locked = async (): Promise<SnapshotResult> => {
    refuseBeforeWriting(options);
    return runSnapshotLocked(options);
  };
  if (options.writerLock) return locked();
  return withWriterLock(
    options.file,
    {
      command: options.writerCommand ?? 'snapshot',
      ...(options.waitSeconds !== undefined ? { waitSeconds: options.waitSeconds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onWaitForWriter ? { onWait: options.onWaitForWriter } : {}),
    },
    locked,
  );
}

/**
 * What would be refused anyway is refused from a read-only look, so the file stays
 * byte-identical: a bad file, another account's snapshot, a complete one without --refresh.
 */
function refuseBeforeWriting(options: SnapshotRunOptions): void {
  if (!fs.existsSync(options.file)) return;
  const ro = openSnapshotDb(options.file, { mode: 'readonly', allowOlderSchema: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    checkSnapshotAccount(ro, options.file, { baseUrl: options.client.baseUrl });
    const hasMeta = hasTable(ro, 'meta');
    if (hasMeta && meta(ro, 'status') === 'complete' && !options.refresh) {
      throw new AppError('CONFLICT', `${options.file} is already a complete snapshot. Refresh it (--refresh) or choose a new file.`, undefined, { key: 'snapshot.complete', params: { file: options.file } });
    }
  } finally {
    closeSnapshotDb(ro);
  }
}

async function runSnapshotLocked(options: SnapshotRunOptions): Promise<SnapshotResult> {
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const client = options.client;
  const before = client.stats();
  const existed = fs.existsSync(options.file) && fs.statSync(options.file).size > 0;
  const db = openSnapshotDb(options.file, { mode: 'create', ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    const plan = snapshotPlan();
    const status = existed ? meta(db, 'status') : null;
    checkSnapshotAccount(db, options.file, { baseUrl: client.baseUrl });
    let mode: SnapshotResult['mode'];
    const overlap = options.overlapSeconds ?? 300;

    if (status === null) {
      mode = 'new';
      const months = options.notesMonths ?? 6;
      const asOf = Math.floor(now() / 1000);
      db.transaction(() => {
        setMeta(db, 'base_url', client.baseUrl);
        setMeta(db, 'subdomain', options.subdomain ?? null);
        setMeta(db, 'app_version', options.appVersion);
        setMeta(db, 'started_at', asOf);
        setMeta(db, 'as_of', new Date(asOf * 1000).toISOString());
        setMeta(db, 'notes_months', months);
        setMeta(db, 'notes_from', notesWindowFrom(asOf, months));
        setMeta(db, 'finished_at', null);
        setMeta(db, 'status', 'running');
        const ins = db.prepare("INSERT OR REPLACE INTO collections (name, status, cursor, pages, items) VALUES (?, 'pending', ?, 0, 0)");
        for (const c of plan) ins.run(c.name, JSON.stringify({ mode: 'full', next: null, page: 0, from: null } satisfies Cursor));
      })();
    } else if (status === 'running' || status === 'refreshing') {
      mode = status === 'running' ? 'resumed' : 'refresh';
    } else if (status === 'complete') {
      if (!options.refresh) {
        throw new AppError('CONFLICT', `${options.file} is already a complete snapshot. Refresh it (--refresh) or choose a new file.`, undefined, { key: 'snapshot.complete', params: { file: options.file } });
      }
      mode = 'refresh';
      db.transaction(() => {
        const rows = db.prepare('SELECT name, cursor, watermark FROM collections').all() as { name: string; cursor: string | null; watermark: number | null }[];
        const startedAt = Number(meta(db, 'started_at') ?? '0');
        const since = new Map(
          rows.map((r) => {
            const prev = JSON.parse(r.cursor ?? '{}') as Partial<Cursor>;
            return [r.name, prev.serverStart ?? r.watermark ?? startedAt] as const;
          }),
        );
        const upd = db.prepare("UPDATE collections SET status = 'pending', cursor = ?, pages = 0, items = 0 WHERE name = ?");
        for (const c of plan) {
          const from = c.small ? null : Math.max(0, (since.get(c.name) ?? startedAt) - overlap);
          upd.run(JSON.stringify({ mode: 'refresh', next: null, page: 0, from } satisfies Cursor), c.name);
        }
        const eventsFrom = Math.max(0, (since.get('events') ?? startedAt) - overlap);
        setMeta(db, 'refresh_events_from', eventsFrom);
        setMeta(db, 'refresh_started_at', Math.floor(now() / 1000));
        setMeta(db, 'status', 'refreshing');
      })();
    } else {
      throw new AppError('SNAPSHOT_INVALID', `${options.file} has an unknown snapshot state (${status}).`, undefined, { key: 'db.damaged', params: { file: options.file } });
    }

    const notesFromRaw = meta(db, 'notes_from');
    const notesFrom = notesFromRaw === null ? null : Number(notesFromRaw);
    const rowOf = (name: string) => db.prepare('SELECT name, status, cursor, pages, items, watermark FROM collections WHERE name = ?').get(name) as CollectionRow | undefined;
    const markPage = db.prepare(
      `UPDATE collections SET status = @status, cursor = @cursor, pages = pages + 1, items = items + @items,
         watermark = CASE WHEN @mark IS NULL THEN watermark WHEN watermark IS NULL OR @mark > watermark THEN @mark ELSE watermark END,
         started_at = coalesce(started_at, @started), finished_at = @finished WHERE name = @name`,
    );
    const commitPage = (name: string, status: string, cursor: Cursor, items: number, mark: number | null, started: number, finished: number | null) =>
      markPage.run({ status, cursor: JSON.stringify(cursor), items, mark, started, finished, name });

    // ---- progress ----
    const runStart = now();
    let pagesThisRun = 0;
    const steps = new Map<string, JobStep>();
    for (const c of plan) {
      const r = rowOf(c.name);
      steps.set(c.name, { key: c.name, done: r?.items ?? 0, total: r?.status === 'done' ? (r.items ?? 0) : null, status: r?.status === 'done' ? 'done' : 'queued' });
    }
    const report = () => {
      if (!options.onProgress) return;
      const { fraction, etaSeconds } = snapshotProgress(
        plan.map((c) => {
          const r = rowOf(c.name);
          return { name: c.name, small: c.small, windowed: c.windowed, status: r?.status ?? 'queued', pages: r?.pages ?? 0 };
        }),
        { pagesThisRun, elapsedSeconds: (now() - runStart) / 1000 },
        // no notes/events window: those lists cost nothing
        notesFrom === null ? Object.fromEntries(plan.filter((c) => c.windowed).map((c) => [c.name, 0])) : {},
      );
      const s = client.stats();
      options.onProgress({
        steps: [...steps.values()].map((x) => ({ ...x })),
        fraction,
        etaSeconds,
        rate: { current: s.currentRps, limit: Number.isFinite(s.limitRps) ? s.limitRps : 0 },
        requests: s.requests - before.requests,
      });
    };
    const step = (name: string, patch: Partial<JobStep>) => {
      const cur = steps.get(name)!;
      steps.set(name, { ...cur, ...patch });
    };

    // one internal signal stops every worker as soon as one fails or the caller cancels
    const inner = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, inner.signal]) : inner.signal;
    const signalOpt = { signal };
    report();
    const runOne = async (c: CollectionPlan): Promise<void> => {
      const row = rowOf(c.name);
      if (!row || row.status === 'done') return;
      await options.checkpoint?.();
      if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled', undefined, { key: 'cancelled' });
      step(c.name, { status: 'running' });
      report();
      const cursor = JSON.parse(row.cursor ?? '{}') as Cursor;
      const stamp = Math.floor(now() / 1000);

      if (c.name === 'account') {
        const res = await client.request<ApiObject>({ method: 'GET', path: c.path, query: c.query, ...signalOpt });
        if (!res.data || typeof res.data !== 'object') throw new AppError('AMO_BAD_RESPONSE', 'amoCRM sent no account object.', undefined, { key: 'amo.noAccount' });
        const account = res.data;
        db.transaction(() => {
          ingestAccount(db, account);
          setMeta(db, 'account_id', typeof account.id === 'number' ? account.id : null);
          setMeta(db, 'account_name', typeof account.name === 'string' ? account.name : null);
          if (typeof account.subdomain === 'string') setMeta(db, 'subdomain', account.subdomain);
          commitPage(c.name, 'done', { ...cursor, next: null, page: 1 }, 1, null, stamp, stamp);
        })();
        pagesThisRun++;
        step(c.name, { status: 'done', done: 1, total: 1 });
        report();
        return;
      }

      if (c.small) {
        const items: ApiObject[] = [];
        let pages = 0;
        let refused = false;
        try {
          for await (const page of client.paginate<ApiObject>(c.path, c.embeddedKey, c.query, signalOpt)) {
            items.push(...page.items);
            pages++;
            pagesThisRun++;
            step(c.name, { done: items.length });
            report();
            if (page.nextUrl) await options.checkpoint?.();
          }
        } catch (error) {
          // a token without admin rights gets 403 (JSON) on users and roles: keep going without them
          if (!(isMissingRights(error) && (c.name === 'users' || c.name === 'roles'))) throw error;
          setMeta(db, `warning_${c.name}`, 'amoCRM refused this list (403): the token has no admin rights.');
          refused = true;
        }
        db.transaction(() => {
          // a list read in full clears a refusal recorded by an earlier run (another token)
          // a refused list keeps what an earlier run read (nothing is deleted for lack of rights)
          if (!refused) {
            deleteMeta(db, `warning_${c.name}`);
            for (const sql of c.replaceSql ?? []) db.exec(sql);
            ingestItems(db, c.name as CollectionFile, items);
          }
          db.prepare(
            "UPDATE collections SET status = 'done', cursor = ?, pages = ?, items = ?, watermark = ?, started_at = coalesce(started_at, ?), finished_at = ? WHERE name = ?",
          ).run(JSON.stringify({ ...cursor, next: null, page: pages }), pages, items.length, maxStamp(items, 'updated_at'), stamp, stamp, c.name);
        })();
        step(c.name, { status: 'done', done: items.length, total: items.length });
        report();
        return;
      }

      // large collections: page by page, each page committed with its cursor
      const query: Record<string, QueryValue> = { ...c.query };
      let from: number | null = cursor.mode === 'refresh' ? cursor.from : null;
      if (c.windowed) {
        if (notesFrom === null) {
          // no notes/events window (--notes-months 0): not fetched at all
          db.prepare("UPDATE collections SET status = 'done', started_at = ?, finished_at = ? WHERE name = ?").run(stamp, stamp, c.name);
          step(c.name, { status: 'done', done: 0, total: 0 });
          return;
        }
        from = from === null ? notesFrom : Math.max(from, notesFrom);
      }
      // the whole history (window from 0) needs no filter
      if (from !== null && from > 0 && c.stamp) query[`filter[${c.stamp}][from]`] = from;
      const startUrl = cursor.next ?? undefined;
      let items = row.items;
      let serverStart = cursor.serverStart ?? null;
      // a list read in more than one page is reconciled with what was trashed meanwhile before it is done
      const reconciled = SHIFT_EVENTS[c.name as CollectionFile] !== undefined;
      const pages = pagesOf(c.name);
      if (reconciled && cursor.verify === true) {
        await reconcile(c, query, from, serverStart);
        return;
      }
      for await (const page of client.paginate<ApiObject>(c.path, c.embeddedKey, query, { ...(startUrl ? { startUrl } : {}), ...signalOpt, prefetch: options.prefetch ?? true })) {
        const last = page.nextUrl === null;
        const verify = last && reconciled && pages() >= 1;
        serverStart ??= page.serverTime ?? Math.floor(now() / 1000);
        db.transaction(() => {
          ingestItems(db, c.name as CollectionFile, page.items);
          commitPage(
            c.name,
            last && !verify ? 'done' : 'running',
            { ...cursor, next: page.nextUrl, page: page.page, serverStart, ...(verify ? { verify: true } : {}) },
            page.items.length,
            c.stamp ? maxStamp(page.items, c.stamp) : null,
            stamp,
            last ? Math.floor(now() / 1000) : null,
          );
        })();
        pagesThisRun++;
        items += page.items.length;
        step(c.name, last && !verify ? { status: 'done', done: items, total: items } : { done: items });
        report();
        if (!last) await options.checkpoint?.();
        if (verify) {
          await reconcile(c, query, from, serverStart);
          return;
        }
      }
      if (rowOf(c.name)?.status !== 'done') {
        db.prepare("UPDATE collections SET status = 'done', finished_at = ? WHERE name = ?").run(Math.floor(now() / 1000), c.name);
        step(c.name, { status: 'done', total: items });
      }
    };

    const pagesOf = (name: string) => () => rowOf(name)?.pages ?? 0;
    /** after the last page of a list read in several pages: what was trashed meanwhile (reconcile.ts), then done */
    const reconcile = async (c: CollectionPlan, query: Record<string, QueryValue>, from: number | null, serverStart: number | null): Promise<void> => {
      const r = await reconcileShifts({
        client,
        db,
        collection: c.name as CollectionFile,
        path: c.path,
        embeddedKey: c.embeddedKey,
        query,
        since: Math.max(0, (serverStart ?? Math.floor(now() / 1000)) - 1),
        updatedFrom: from !== null && from > 0 ? from : null,
        signal,
      });
      if (!r.checked) setMeta(db, `warning_${c.name}_trash`, 'amoCRM refused the events (403): entities trashed while this list was read were not looked for.');
      db.prepare("UPDATE collections SET status = 'done', cursor = json_remove(cursor, '$.verify'), finished_at = ? WHERE name = ?").run(Math.floor(now() / 1000), c.name);
      const total = rowOf(c.name)?.items ?? 0;
      step(c.name, { status: 'done', done: total, total });
      report();
    };

    // reference data first, one at a time; then the large lists, `concurrency` at a time, so that
    // one list's processing time (and the network's latency) does not leave the rate budget unused
    for (const c of plan.filter((x) => x.small)) await runOne(c);
    const queue = plan.filter((x) => !x.small);
    let firstError: unknown = null;
    const worker = async () => {
      for (let c = queue.shift(); c && firstError === null; c = queue.shift()) {
        try {
          await runOne(c);
        } catch (error) {
          firstError ??= error;
          inner.abort();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, queue.length)) }, worker));
    if (firstError !== null) throw firstError;

    // customers and catalogs: counted and kept raw (extras.ts); never a reason to fail
    await options.checkpoint?.();
    await snapshotExtras(client, db, signal);

    // ---- finish ----
    let deleted = 0;
    const finishedAt = Math.floor(now() / 1000);
    const hash = db.transaction(() => {
      if (mode === 'refresh') {
        const eventsFrom = Number(meta(db, 'refresh_events_from') ?? '0');
        deleted = applyDeletions(db, eventsFrom);
        setMeta(db, 'refreshed_at', finishedAt);
        setMeta(db, 'refresh_count', Number(meta(db, 'refresh_count') ?? '0') + 1);
      }
      const h = contentHash(db);
      setMeta(db, 'content_hash', h);
      setMeta(db, 'finished_at', finishedAt);
      setMeta(db, 'status', 'complete');
      return h;
    })();
    const after = client.stats();
    const counts = tableCounts(db);
    report();
    return {
      file: options.file,
      counts,
      requests: after.requests - before.requests,
      seconds: Math.round((now() - t0) / 100) / 10,
      rejected429: after.rejected429 - before.rejected429,
      retries: after.retries - before.retries,
      mode,
      deleted,
      contentHash: hash,
      usersReadable: meta(db, 'warning_users') === null,
    };
  } catch (error) {
    // A new file that failed before any page was committed (wrong URL, bad token) holds
    // nothing worth resuming: remove it rather than leave an empty snapshot in the list.
    if (!existed && nothingCommitted(db)) {
      closeSnapshotDb(db);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${options.file}${suffix}`, { force: true });
    }
    throw error;
  } finally {
    if (db.open) closeSnapshotDb(db);
  }
}

function nothingCommitted(db: SqliteDb): boolean {
  try {
    const row = db.prepare('SELECT coalesce(sum(pages), 0) AS pages FROM collections').get() as { pages: number };
    return row.pages === 0;
  } catch {
    return false;
  }
}

/** Metadata of a snapshot file, read through a read-only connection (never modifies it). */
export interface SnapshotMeta {
  accountId: number | null;
  accountName: string | null;
  subdomain: string | null;
  baseUrl: string | null;
  appVersion: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  asOf: string | null;
  notesMonths: NotesMonths | null;
  complete: boolean;
  contentHash: string | null;
  status: string | null;
}

export function readSnapshotMeta(db: SqliteDb): SnapshotMeta {
  const n = (k: string) => {
    const v = meta(db, k);
    return v === null ? null : Number(v);
  };
  const status = meta(db, 'status');
  return {
    accountId: n('account_id'),
    accountName: meta(db, 'account_name'),
    subdomain: meta(db, 'subdomain'),
    baseUrl: meta(db, 'base_url'),
    appVersion: meta(db, 'app_version'),
    startedAt: n('started_at'),
    finishedAt: n('finished_at'),
    asOf: meta(db, 'as_of'),
    notesMonths: meta(db, 'notes_months') === 'all' ? 'all' : n('notes_months'),
    complete: status === 'complete',
    contentHash: meta(db, 'content_hash'),
    status,
  };
}
