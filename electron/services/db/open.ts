// runtime: node
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/api/result';
import { MIGRATIONS, type Migration } from './migrations/index';
import { hasTable } from './handles';

/** 'AmSw' – written to PRAGMA application_id so a foreign SQLite file is told apart. */
export const APPLICATION_ID = 0x416d5377;
const MIGRATIONS_TABLE = 'amosweep_migrations';

export type SqliteDb = Database.Database;

export interface OpenOptions {
  /** readonly: validate and read, never write. readwrite: an existing snapshot. create: new or existing. */
  mode: 'readonly' | 'readwrite' | 'create';
  /** Electron's main passes the path of better-sqlite3 built for Electron's ABI. */
  nativeBinding?: string;
  /** The migrations this app knows (tests pass their own lists). */
  migrations?: readonly Migration[];
  /** readonly only: accept a file an older AmoSweep wrote (schema not yet upgraded) for a quick look at its meta */
  allowOlderSchema?: boolean;
}

export const migrationHash = (m: Migration): string => createHash('sha256').update(m.up).digest('hex');

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`Migration list is not contiguous at ${m.id} (expected ${i + 1})`);
  });
}

function looksLikeSqlite(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    const read = fs.readSync(fd, header, 0, 16, 0);
    return read === 16 && header.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    fs.closeSync(fd);
  }
}

interface AppliedRow {
  id: number;
  name: string;
  sha256: string;
}

/**
 * Opens a snapshot file. A corrupt, truncated or foreign file is refused with a clear
 * message and never modified: it is validated through a read-only connection first.
 */
export function openSnapshotDb(file: string, options: OpenOptions): SqliteDb {
  const migrations = options.migrations ?? MIGRATIONS;
  checkMigrationList(migrations);
  const exists = fs.existsSync(file);
  if (!exists && options.mode !== 'create') throw new AppError('NOT_FOUND', `Snapshot file not found: ${file}`, undefined, { key: 'db.notFound', params: { file } });
  const nativeBinding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};

  if (exists) {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new AppError('SNAPSHOT_INVALID', `Not a file: ${file}`, undefined, { key: 'db.notAFile', params: { file } });
    // an existing file is never given a schema: only a file that does not exist yet is created
    if (stat.size === 0) {
      throw new AppError('SNAPSHOT_INVALID', `${file} is not an AmoSweep snapshot (an empty file). Delete it or choose another file name.`, undefined, { key: 'db.emptyFile', params: { file } });
    }
    if (!looksLikeSqlite(file)) {
      throw new AppError('SNAPSHOT_INVALID', `${file} is not an AmoSweep snapshot (not an SQLite database).`, undefined, { key: 'db.notSqlite', params: { file } });
    }
    const probe = new Database(file, { readonly: true, fileMustExist: true, ...nativeBinding });
    try {
      validate(probe, file, migrations);
    } finally {
      probe.close();
    }
  }
  if (options.mode === 'readonly') {
    const db = new Database(file, { readonly: true, fileMustExist: true, ...nativeBinding });
    const pending = pendingMigrations(db, migrations);
    if (pending.length > 0 && !options.allowOlderSchema) {
      db.close();
      throw new AppError(
        'SNAPSHOT_INVALID',
        `${file} was written by an older AmoSweep (schema ${migrations.length - pending.length}); open it for writing once to upgrade it.`,
        undefined,
        { key: 'db.olderSchema', params: { file } },
      );
    }
    return db;
  }
  const db = new Database(file, { fileMustExist: options.mode === 'readwrite', ...nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function validate(db: SqliteDb, file: string, migrations: readonly Migration[]): void {
  let appId: number;
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new AppError('SNAPSHOT_INVALID', `${file} is damaged: ${String(check)}`, undefined, { key: 'db.damaged', params: { file } });
    appId = db.pragma('application_id', { simple: true }) as number;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('SNAPSHOT_INVALID', `${file} is damaged or truncated: ${(error as Error).message}`, undefined, { key: 'db.damaged', params: { file } });
  }
  const tableCount = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  if (appId !== APPLICATION_ID) {
    if (appId === 0 && tableCount === 0) {
      throw new AppError('SNAPSHOT_INVALID', `${file} is not an AmoSweep snapshot (an empty SQLite database). Delete it or choose another file name.`, undefined, { key: 'db.emptySqlite', params: { file } });
    }
    throw new AppError('SNAPSHOT_INVALID', `${file} is an SQLite database, but not an AmoSweep snapshot.`, undefined, { key: 'db.foreignSqlite', params: { file } });
  }
  if (!hasTable(db, MIGRATIONS_TABLE)) throw new AppError('SNAPSHOT_INVALID', `${file} has no schema history.`, undefined, { key: 'db.foreignSqlite', params: { file } });
  const applied = db.prepare(`SELECT id, name, sha256 FROM ${MIGRATIONS_TABLE} ORDER BY id`).all() as AppliedRow[];
  const newest = applied.at(-1)?.id ?? 0;
  if (newest > migrations.length) {
    throw new AppError(
      'SNAPSHOT_TOO_NEW',
      `${file} was written by a newer AmoSweep (schema ${newest}; this version knows ${migrations.length}). Update AmoSweep to open it.`,
      undefined,
      { key: 'db.tooNew', params: { file } },
    );
  }
  for (const row of applied) {
    const known = migrations[row.id - 1];
    if (!known || known.name !== row.name || migrationHash(known) !== row.sha256) {
      throw new AppError('SNAPSHOT_INVALID', `${file}: schema step ${row.id} (${row.name}) does not match this AmoSweep.`, undefined, { key: 'db.schemaMismatch', params: { file } });
    }
  }
}

function pendingMigrations(db: SqliteDb, migrations: readonly Migration[]): Migration[] {
  if (!hasTable(db, MIGRATIONS_TABLE)) return [...migrations];
  const done = new Set((db.prepare(`SELECT id FROM ${MIGRATIONS_TABLE}`).all() as { id: number }[]).map((r) => r.id));
  return migrations.filter((m) => !done.has(m.id));
}

/** Runs each pending migration in its own transaction, recording its hash. */
export function migrate(db: SqliteDb, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
  );
  db.pragma(`application_id = ${APPLICATION_ID}`);
  const ran: number[] = [];
  for (const m of pendingMigrations(db, migrations)) {
    db.transaction(() => {
      db.exec(m.up);
      db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (id, name, sha256, applied_at) VALUES (?, ?, ?, ?)`).run(
        m.id,
        m.name,
        migrationHash(m),
        Math.floor(Date.now() / 1000),
      );
      db.pragma(`user_version = ${m.id}`);
    })();
    ran.push(m.id);
  }
  return ran;
}

export function schemaVersion(db: SqliteDb): number {
  if (!hasTable(db, MIGRATIONS_TABLE)) return 0;
  return (db.prepare(`SELECT coalesce(max(id), 0) AS v FROM ${MIGRATIONS_TABLE}`).get() as { v: number }).v;
}

/**
 * One more connection to a snapshot file this process already has open for writing (a worker
 * thread writing on behalf of the holder of the file's writer lock): no validation, migration,
 * checkpoint nor journal change (the first connection does those), WAL, foreign keys on, and a
 * busy timeout so that a write of the other connection in progress is waited for. Close it with
 * db.close(), not closeSnapshotDb.
 */
export function openSecondWriter(file: string, nativeBinding?: string): SqliteDb {
  const db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 10000');
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') {
      throw new AppError('INTERNAL', `${file} is not open for writing in this process (its journal is not WAL).`);
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Checkpoints the WAL into the main file and leaves a single self-contained file. */
export function closeSnapshotDb(db: SqliteDb): void {
  if (db.open && !db.readonly) {
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
    } catch {
      // another connection still holds the file: the WAL is merged when it closes
    }
  }
  if (db.open) db.close();
}
