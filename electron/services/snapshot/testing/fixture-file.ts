// runtime: node
/**
 * A complete snapshot file made from a fixture set (the data the fake amoCRM serves) without
 * sending a request: for offline demos, the e2e suite and the benchmarks. The file looks like
 * the end of an uninterrupted run: the account's metadata, every collection marked done with
 * the finishing moment as its refresh watermark, the content hash, status "complete".
 */
import fs from 'node:fs';
import type { FixtureSet } from '../../../../shared/amo/wire';
import { AppError } from '../../../../shared/api/result';
import { APP_VERSION } from '../../app-version';
import { closeSnapshotDb, openSnapshotDb } from '../../db/open';
import { contentHash } from '../content-hash';
import { ingestFixtureSet } from '../ingest';
import { snapshotPlan } from '../plan';
import { notesWindowFrom, setMeta, tableCounts } from '../runner';

export interface FixtureSnapshotOptions {
  /** the moment the snapshot is "taken": the audit's as-of and the refresh watermark */
  finishedAt: Date;
  /** notes and events window, as recorded in the file (default 6 months, as a real snapshot) */
  notesMonths?: number;
}

export interface FixtureSnapshotResult {
  file: string;
  counts: Record<string, number>;
  contentHash: string;
}

export function writeFixtureSnapshot(file: string, set: FixtureSet, options: FixtureSnapshotOptions): FixtureSnapshotResult {
  if (fs.existsSync(file)) throw new AppError('CONFLICT', `${file} already exists: a fixture snapshot is written to a new file only.`);
  const finished = Math.floor(options.finishedAt.getTime() / 1000);
  if (!Number.isFinite(finished)) throw new AppError('BAD_INPUT', 'finishedAt is not a valid date.');
  const months = options.notesMonths ?? 6;
  const db = openSnapshotDb(file, { mode: 'create' });
  try {
    const hash = db.transaction(() => {
      ingestFixtureSet(db, set);
      const account = set.account;
      const meta: Record<string, string | number | null> = {
        account_id: typeof account.id === 'number' ? account.id : null,
        account_name: typeof account.name === 'string' ? account.name : null,
        subdomain: typeof account.subdomain === 'string' ? account.subdomain : null,
        app_version: APP_VERSION,
        started_at: finished,
        as_of: new Date(finished * 1000).toISOString(),
        notes_months: months,
        notes_from: notesWindowFrom(finished, months),
        finished_at: finished,
        status: 'complete',
      };
      for (const [key, value] of Object.entries(meta)) setMeta(db, key, value);
      const done = db.prepare(
        "INSERT OR REPLACE INTO collections (name, status, cursor, pages, items, watermark, started_at, finished_at) VALUES (?, 'done', ?, 1, ?, ?, ?, ?)",
      );
      for (const c of snapshotPlan()) {
        const items = c.name === 'account' ? 1 : (set.collections[c.name]?.length ?? 0);
        done.run(c.name, JSON.stringify({ mode: 'full', next: null, page: 1, from: null, serverStart: finished }), items, finished, finished, finished);
      }
      const h = contentHash(db);
      setMeta(db, 'content_hash', h);
      return h;
    })();
    return { file, counts: tableCounts(db), contentHash: hash };
  } finally {
    closeSnapshotDb(db);
  }
}
