// runtime: node
/**
 * The audit as the app uses it: one cached run per snapshot state and as-of moment,
 * drill-down pages, exports into the data folder, fix intents and the previous audit.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditLang, AuditEntityRow, AuditEntityType, FixIntent, PreviousAudit } from '../../../shared/audit/types';
import { AppError } from '../../../shared/api/result';
import { APPLICATION_ID, closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { snapshotTime } from './context';
import { describeRefs, flaggedRefs } from './entities';
import { renderAuditHtml } from './report/html';
import { RULE_BY_ID } from './rules/index';
import type { AuditRun } from './run';
import { latestRunCounts, listFixIntents, recordFixIntent, removeFixIntent, saveAuditRun } from './store';
import { runAuditInWorker } from './worker-run';
import type { JobManager } from '../jobs/job-manager';
import { readMeta } from '../snapshot/meta';
import { anyAccountId } from '../snapshot/store';

export interface AuditSnapshotRef {
  file: string;
  db: SqliteDb;
  readOnly: boolean;
}

export interface AuditServiceOptions {
  dataDir: string;
  appVersion: string;
  /** the open snapshot (throws NO_SNAPSHOT when none) */
  current: () => AuditSnapshotRef;
  /** the open snapshot, reopened for writing if needed */
  writable: () => AuditSnapshotRef;
  nativeBinding?: string;
  /** renders the HTML report to PDF (Electron's printToPDF); without it, PDF export is refused */
  printToPdf?: (html: string) => Promise<Uint8Array>;
  /** when given, an audit run is a job (kind 'audit'): progress per rule, cancel stops the worker */
  jobs?: JobManager;
}

function meta(db: SqliteDb, key: string): string | null {
  try {
    return readMeta(db, key);
  } catch {
    return null;
  }
}

function accountIdOf(db: SqliteDb): number | null {
  const m = meta(db, 'account_id');
  if (m !== null && Number.isFinite(Number(m))) return Number(m);
  return anyAccountId(db);
}

/**
 * Account and time of a snapshot file without validating it in full (quick_check reads the
 * whole file): enough to choose the previous snapshot, which is then opened properly.
 */
function probe(file: string, nativeBinding?: string): { accountId: number | null; finishedAt: number | null } | null {
  let db: SqliteDb | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) return null;
    return { accountId: accountIdOf(db), finishedAt: snapshotTime(db) };
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

export class AuditService {
  private cache: { key: string; run: AuditRun } | null = null;
  private pending: { key: string; promise: Promise<AuditRun> } | null = null;
  private previousCache: { key: string; value: PreviousAudit | null } | null = null;

  constructor(private readonly options: AuditServiceOptions) {}

  private stateKey(snap: AuditSnapshotRef, asOf: string | undefined): string {
    return [path.resolve(snap.file), meta(snap.db, 'finished_at'), meta(snap.db, 'refreshed_at'), meta(snap.db, 'content_hash'), asOf ?? ''].join('|');
  }

  /**
   * The audit of the open snapshot; cached until the snapshot or the as-of moment changes.
   * Computed in a worker thread; callers asking for the same state meanwhile share the run.
   */
  async run(input: { asOf?: string | undefined; force?: boolean; store?: boolean }): Promise<AuditRun> {
    const snap = this.options.current();
    const key = this.stateKey(snap, input.asOf);
    if (!input.force && this.cache?.key === key) return this.cache.run;
    if (!input.force && this.pending?.key === key) return this.pending.promise;
    const promise = this.compute(snap, input.asOf).then((run) => {
      this.cache = { key, run };
      if (!snap.readOnly && input.store !== false) {
        try {
          saveAuditRun(snap.db, run.report, this.options.appVersion);
        } catch {
          // a snapshot written before migration 0002 or a locked file: trends just miss this run
        }
      }
      return run;
    });
    const pending = { key, promise };
    this.pending = pending;
    const clear = () => {
      if (this.pending === pending) this.pending = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  private compute(snap: AuditSnapshotRef, asOf: string | undefined): Promise<AuditRun> {
    const base = {
      file: snap.file,
      ...(asOf ? { asOf } : {}),
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
    };
    const jobs = this.options.jobs;
    if (!jobs) return runAuditInWorker(base);
    return new Promise<AuditRun>((resolve, reject) => {
      jobs.start({
        kind: 'audit',
        titleKey: 'jobs.audit',
        canPause: false,
        run: async (control) => {
          try {
            const run = await runAuditInWorker({
              ...base,
              signal: control.signal,
              onProgress: (done, total) => {
                control.step({ key: 'rules', done, total, status: done < total ? 'running' : 'done' });
                control.progress({ fraction: total > 0 ? done / total : null });
              },
            });
            resolve(run);
            return { findings: run.report.findings.length, durationMs: run.report.durationMs };
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
            throw error;
          }
        },
      });
    });
  }

  async entities(input: { findingId: string; asOf?: string | undefined; offset: number; limit: number }): Promise<{ total: number; rows: AuditEntityRow[] }> {
    const run = await this.run({ asOf: input.asOf });
    const result = run.results.get(input.findingId);
    if (!result) throw new AppError('NOT_FOUND', `No such finding: ${input.findingId}`);
    const refs = flaggedRefs(result);
    const page = refs.slice(input.offset, input.offset + input.limit);
    return { total: refs.length, rows: describeRefs(this.options.current().db, page, result.groupList) };
  }

  /** out: write there (an absolute path) instead of the data folder's exports. */
  async export(input: { format: 'xlsx' | 'html' | 'pdf'; lang: AuditLang; asOf?: string | undefined; inline: boolean; out?: string | undefined }) {
    const run = await this.run({ asOf: input.asOf, store: input.out === undefined });
    let file: string;
    let fileName: string;
    if (input.out !== undefined) {
      file = path.resolve(input.out);
      fileName = path.basename(file);
    } else {
      const dir = path.join(this.options.dataDir, 'exports');
      fs.mkdirSync(dir, { recursive: true });
      const who = (run.report.account.subdomain ?? run.report.account.name ?? 'account').replace(/[^\p{L}\p{N}_-]+/gu, '_');
      fileName = `audit-${who}-${run.report.asOf.slice(0, 10)}-${input.lang}.${input.format}`;
      file = path.join(dir, fileName);
    }
    let bytes: Buffer;
    if (input.format === 'xlsx') {
      // exceljs loads only when a workbook is written (every host and CLI command starts faster)
      const { buildAuditWorkbook } = await import('./report/xlsx');
      const wb = await buildAuditWorkbook(this.options.current().db, run, input.lang);
      bytes = Buffer.from(await wb.xlsx.writeBuffer());
    } else if (input.format === 'pdf') {
      if (!this.options.printToPdf) {
        throw new AppError('BAD_INPUT', 'PDF export needs the desktop app. In a browser, open the HTML report and print it (Save as PDF).');
      }
      bytes = Buffer.from(await this.options.printToPdf(renderAuditHtml(run.report, input.lang)));
    } else {
      bytes = Buffer.from(renderAuditHtml(run.report, input.lang), 'utf8');
    }
    fs.writeFileSync(file, bytes);
    const mime = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf', html: 'text/html;charset=utf-8' }[input.format];
    return { path: file, fileName, ...(input.inline ? { dataUrl: `data:${mime};base64,${bytes.toString('base64')}` } : {}) };
  }

  async fix(input: { findingId: string; ids?: (number | string)[] | undefined }): Promise<FixIntent> {
    const rule = RULE_BY_ID.get(input.findingId);
    if (!rule) throw new AppError('NOT_FOUND', `No such finding: ${input.findingId}`);
    if (!rule.fix) throw new AppError('BAD_INPUT', `The finding ${input.findingId} has no automatic fix.`);
    const result = (await this.run({})).results.get(input.findingId);
    const refs = result ? flaggedRefs(result) : [];
    const wanted = input.ids ? new Set(input.ids.map(String)) : null;
    const chosen = wanted ? refs.filter((r) => wanted.has(String(r.id))) : refs;
    const types = new Set(chosen.map((r) => r.entityType));
    const entityType: AuditEntityType | null = types.size === 1 ? [...types][0]! : null;
    const ids = entityType ? chosen.map((r) => r.id) : chosen.map((r) => `${r.entityType}:${String(r.id)}`);
    const db = this.options.writable().db;
    return recordFixIntent(db, { findingId: rule.id, operation: rule.fix.operation, entityType, ids });
  }

  removeFixIntent(id: number): { removed: boolean } {
    const removed = removeFixIntent(this.options.writable().db, id);
    if (!removed) throw new AppError('NOT_FOUND', `No pending fix intent ${id}.`, { messageCode: 'intent.not_found', id });
    return { removed };
  }

  fixIntents(): FixIntent[] {
    return listFixIntents(this.options.current().db).map((i) => {
      const rule = RULE_BY_ID.get(i.findingId);
      return rule ? { ...i, title: rule.title } : i;
    });
  }

  /** The newest other snapshot of the same account in the data folder, finished before this one (cached per snapshot state). */
  async previous(): Promise<PreviousAudit | null> {
    const snap = this.options.current();
    const key = this.stateKey(snap, undefined);
    if (this.previousCache?.key === key) return this.previousCache.value;
    const value = await this.findPrevious(snap);
    this.previousCache = { key, value };
    return value;
  }

  private async findPrevious(snap: AuditSnapshotRef): Promise<PreviousAudit | null> {
    const account = accountIdOf(snap.db);
    const mine = snapshotTime(snap.db);
    const here = path.resolve(snap.file);
    let files: string[];
    try {
      files = fs.readdirSync(this.options.dataDir).filter((f) => f.endsWith('.amosweep')).map((f) => path.resolve(this.options.dataDir, f));
    } catch {
      return null;
    }
    let best: { file: string; finishedAt: number } | null = null;
    for (const file of files) {
      if (file === here) continue;
      const p = probe(file, this.options.nativeBinding);
      if (!p || p.accountId !== account || p.finishedAt === null || (mine !== null && p.finishedAt >= mine)) continue;
      if (!best || p.finishedAt > best.finishedAt) best = { file, finishedAt: p.finishedAt };
    }
    if (!best) return null;
    let db: SqliteDb;
    try {
      db = openSnapshotDb(best.file, { mode: 'readonly', ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}) });
    } catch {
      return null; // damaged, or written by another schema: no trend rather than an error
    }
    let stored: ReturnType<typeof latestRunCounts>;
    try {
      stored = latestRunCounts(db);
    } finally {
      closeSnapshotDb(db);
    }
    if (stored) return { file: best.file, finishedAt: best.finishedAt, asOf: new Date(stored.asOf * 1000).toISOString(), counts: stored.counts };
    // never audited: audit it now, off the main thread like every run
    const { report } = await runAuditInWorker({ file: best.file, ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}) });
    const counts: Record<string, number> = {};
    for (const f of report.findings) {
      counts[f.id] = f.count;
      if (f.groups !== undefined) counts[`${f.id}.groups`] = f.groups;
    }
    return { file: best.file, finishedAt: best.finishedAt, asOf: report.asOf, counts };
  }
}
