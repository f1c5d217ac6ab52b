// runtime: node
/**
 * Two snapshots of one account side by side: each finding's count then and now, duplicate
 * groups that appeared or were resolved, what changed and who changed it (from NEW's events
 * after OLD was taken), and the health score (health.ts) with its history over the account's
 * snapshot files. Both files are only read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FindingSummary } from '../../../shared/audit/types';
import type { ChangeSummary, CompareReport, CompareSide, FindingChange, GroupChange, HealthPoint } from '../../../shared/compare/types';
import { AppError } from '../../../shared/api/result';
import { matchFigures } from '../anonymize/verify';
import { readAccountInfo, runAudit } from '../audit/run';
import { snapshotTime } from '../audit/context';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { healthScore } from './health';
import { hasMetaKey } from '../snapshot/meta';
import { cardDisplayName, eventIdsSince, eventsSince, rowCount, updatedAtRows, updatedByRows, userNameRows, type CountedTable } from '../snapshot/store';

export interface CompareOptions {
  /** folder whose snapshot files of the same account make the health history (default: none) */
  historyDir?: string;
  nativeBinding?: string;
  signal?: AbortSignal;
}

interface Side extends CompareSide {
  findings: FindingSummary[];
}

function sideOf(db: SqliteDb, file: string): Side {
  const account = readAccountInfo(db);
  const findings = runAudit(db).report.findings;
  return {
    file,
    accountId: account.id,
    accountName: account.name,
    subdomain: account.subdomain,
    finishedAt: snapshotTime(db),
    health: healthScore(findings),
    findings,
  };
}

/** Refuses two snapshots of different accounts, with both named. */
export function assertSameAccount(a: Pick<CompareSide, 'accountId' | 'subdomain' | 'accountName' | 'file'>, b: typeof a): void {
  const same = a.accountId !== null && b.accountId !== null ? a.accountId === b.accountId : a.subdomain !== null && a.subdomain === b.subdomain;
  if (!same) {
    const name = (s: typeof a) => `${s.accountName ?? s.subdomain ?? 'unknown account'} (id ${s.accountId ?? '-'})`;
    throw new AppError(
      'BAD_INPUT',
      `These snapshots are of different accounts: ${path.basename(a.file)} is ${name(a)}, ${path.basename(b.file)} is ${name(b)}. Compare two snapshots of one account.`,
    );
  }
}

function groupsOf(db: SqliteDb, entity: 'contacts' | 'companies', signal?: AbortSignal): Map<string, number[]> {
  return new Map(matchFigures(db, entity, signal).groups.map((g) => [g.ids.join(','), g.ids]));
}

function named(db: SqliteDb, entity: 'contacts' | 'companies', ids: number[]): GroupChange {
  const nameOf = cardDisplayName(db, entity);
  return { entity, ids, names: ids.map((id) => nameOf(id)?.name ?? `#${id}`) };
}

function changes(oldDb: SqliteDb, newDb: SqliteDb, since: number | null): ChangeSummary {
  const count = (db: SqliteDb, table: CountedTable, live: boolean) => rowCount(db, table, live);
  const tables: [CountedTable, boolean][] = [['contacts', true], ['companies', true], ['leads', true], ['tasks', false], ['notes', false], ['events', false]];
  const counts = tables.map(([t, live]) => ({ entity: t, before: count(oldDb, t, live), after: count(newDb, t, live) }));
  // "since" is in whole seconds, and a push may land in the second the old snapshot finished:
  // what is new is told by identity (an event the old file lacks, an entity whose updated_at moved),
  // never by a strict comparison of timestamps
  const from = since ?? 0;
  const oldEvents = new Set(eventIdsSince(oldDb, from));
  const newEvents = eventsSince(newDb, from).filter(
    (e) => !oldEvents.has(e.id),
  );
  const userName = (() => {
    const names = new Map(userNameRows(newDb).map((u) => [u.id, u.name ?? '']));
    return (id: number | null): string => (id === null || id === 0 ? '' : (names.get(id) ?? `#${id}`));
  })();
  const tally = <K>(keys: K[]): [K, number][] => {
    const counts = new Map<K, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]);
  };
  const byType = tally(newEvents.map((e) => e.type))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, count]) => ({ type, count }));
  const users = tally(newEvents.map((e) => e.userId ?? null)).map(([userId, count]) => ({ userId, name: userName(userId), count }));
  const updatedBy = (['leads', 'contacts', 'companies'] as const).flatMap((entity) => {
    const before = new Map(updatedAtRows(oldDb, entity));
    const changedBy = updatedByRows(newDb, entity)
      .filter(([id, updatedAt]) => !before.has(id) || before.get(id) !== updatedAt)
      .map(([, , by]) => by ?? null);
    return tally(changedBy).map(([userId, count]) => ({ entity, userId, name: userName(userId), count }));
  });
  return { counts, byType, byUser: users, updatedBy, hasEvents: byType.length > 0 };
}

/** Health of every snapshot file of the account in a folder, oldest first (unreadable files and anonymized copies skipped). */
export function healthHistory(dir: string, account: Pick<CompareSide, 'accountId' | 'subdomain' | 'accountName' | 'file'>, known: Map<string, HealthPoint>, nativeBinding?: string): HealthPoint[] {
  const points = new Map(known);
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.amosweep'))) {
      const file = path.resolve(dir, name);
      if (points.has(file)) continue;
      let db: SqliteDb | null = null;
      try {
        db = openSnapshotDb(file, { mode: 'readonly', ...(nativeBinding ? { nativeBinding } : {}) });
        // an anonymized copy repeats its original's figures: not a point of the history
        if (hasMetaKey(db, 'anonymized_at')) continue;
        const info = readAccountInfo(db);
        const same = account.accountId !== null && info.id !== null ? info.id === account.accountId : info.subdomain === account.subdomain;
        if (!same) continue;
        points.set(file, { file, finishedAt: snapshotTime(db), health: healthScore(runAudit(db).report.findings) });
      } catch {
        // not a readable snapshot: not part of the history
      } finally {
        if (db) closeSnapshotDb(db);
      }
    }
  }
  return [...points.values()].sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0) || a.file.localeCompare(b.file));
}

export function compareDbs(oldDb: SqliteDb, newDb: SqliteDb, files: { old: string; new: string }, options: CompareOptions = {}): CompareReport {
  const a = sideOf(oldDb, files.old);
  const b = sideOf(newDb, files.new);
  assertSameAccount(a, b);
  const after = new Map(b.findings.map((f) => [f.id, f]));
  const findings: FindingChange[] = a.findings.map((f) => {
    const g = after.get(f.id);
    const now = g?.count ?? 0;
    return {
      id: f.id,
      title: f.title,
      severity: f.severity,
      before: f.count,
      after: now,
      delta: now - f.count,
      ...(f.groups !== undefined || g?.groups !== undefined ? { groupsBefore: f.groups ?? 0, groupsAfter: g?.groups ?? 0 } : {}),
    };
  });
  const newGroups: GroupChange[] = [];
  const resolvedGroups: GroupChange[] = [];
  for (const entity of ['contacts', 'companies'] as const) {
    options.signal?.throwIfAborted();
    const was = groupsOf(oldDb, entity, options.signal);
    const now = groupsOf(newDb, entity, options.signal);
    for (const [key, ids] of now) if (!was.has(key)) newGroups.push(named(newDb, entity, ids));
    for (const [key, ids] of was) if (!now.has(key)) resolvedGroups.push(named(oldDb, entity, ids));
  }
  const known = new Map<string, HealthPoint>([
    [path.resolve(a.file), { file: path.resolve(a.file), finishedAt: a.finishedAt, health: a.health }],
    [path.resolve(b.file), { file: path.resolve(b.file), finishedAt: b.finishedAt, health: b.health }],
  ]);
  const history = options.historyDir ? healthHistory(options.historyDir, b, known, options.nativeBinding) : [...known.values()].sort((x, y) => (x.finishedAt ?? 0) - (y.finishedAt ?? 0));
  const { findings: _a, ...oldSide } = a;
  const { findings: _b, ...newSide } = b;
  return {
    old: oldSide,
    new: newSide,
    findings,
    newGroups,
    resolvedGroups,
    changes: changes(oldDb, newDb, a.finishedAt),
    history,
    regression: b.health < a.health,
  };
}

/** Opens both files read-only and compares them. */
export function compareFiles(oldFile: string, newFile: string, options: CompareOptions = {}): CompareReport {
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const oldDb = openSnapshotDb(oldFile, { mode: 'readonly', ...binding });
  try {
    const newDb = openSnapshotDb(newFile, { mode: 'readonly', ...binding });
    try {
      return compareDbs(oldDb, newDb, { old: path.resolve(oldFile), new: path.resolve(newFile) }, options);
    } finally {
      closeSnapshotDb(newDb);
    }
  } finally {
    closeSnapshotDb(oldDb);
  }
}
