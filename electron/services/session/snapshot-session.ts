// runtime: node
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { acquireWriterLockSync, type WriterLock } from '../db/writer-lock';
import type { EventBus } from '../events/event-bus';

export interface OpenSnapshot {
  file: string;
  db: SqliteDb;
  readOnly: boolean;
  /** not the user's working copy: requireWritable refuses (READ_ONLY) instead of reopening it for writing */
  locked: boolean;
}

/**
 * The snapshot the UI is looking at. Every capability reads it through here, so that
 * opening another file or closing it reaches them all.
 */
export class SnapshotSession {
  private current: OpenSnapshot | null = null;

  /** the writer lock taken for one synchronous write, released on the next turn of the event loop */
  private transient: WriterLock | null = null;

  constructor(
    private readonly events: EventBus,
    private readonly nativeBinding?: string,
    /** names this app in the lock file ("AmoSweep web app") */
    private readonly writerName = 'AmoSweep app',
  ) {}

  open(file: string, { readOnly, locked = false }: { readOnly: boolean; locked?: boolean }): OpenSnapshot {
    const db = openSnapshotDb(file, {
      mode: readOnly ? 'readonly' : 'readwrite',
      ...(this.nativeBinding ? { nativeBinding: this.nativeBinding } : {}),
    });
    this.closeQuietly();
    this.current = { file, db, readOnly, locked: readOnly && locked };
    this.events.emit({ type: 'snapshot.changed', file });
    return this.current;
  }

  close(): boolean {
    const had = this.current !== null;
    this.closeQuietly();
    if (had) this.events.emit({ type: 'snapshot.changed', file: null });
    return had;
  }

  get(): OpenSnapshot | null {
    return this.current;
  }

  /** The open snapshot, or a NO_SNAPSHOT error the UI turns into "open a snapshot first". */
  require(): OpenSnapshot {
    if (!this.current) throw new AppError('NO_SNAPSHOT', 'No snapshot is open.', undefined, { key: 'session.noSnapshot' });
    return this.current;
  }

  /**
   * Writable access for decisions and plans; a read-only file is reopened for writing.
   * The file's writer lock is taken for the synchronous write that follows (released on the
   * next turn of the event loop), so an edit is refused while another process or a job of
   * this app (push, snapshot) writes the file. A caller that holds the lock passes it.
   */
  requireWritable(held?: WriterLock): OpenSnapshot {
    const snap = this.require();
    // checked first: a locked file gets no writer lock file next to it either
    if (snap.locked) {
      throw new AppError(
        'READ_ONLY',
        `${snap.file} is open read-only because it is not your working copy. Make a working copy to audit, decide or plan in it.`,
        undefined,
        { key: 'session.readOnly', params: { file: snap.file } },
      );
    }
    if (!held) this.lockForThisTurn(snap.file);
    if (!snap.readOnly) return snap;
    return this.open(snap.file, { readOnly: false });
  }

  /** Takes the file's writer lock for a job of this app (push): the caller releases it. */
  lockForJob(what: string): WriterLock {
    if (this.current?.locked) {
      throw new AppError('READ_ONLY', `${this.current.file} is open read-only because it is not your working copy. Make a working copy to push from it.`, undefined, { key: 'session.readOnlyPush', params: { file: this.current.file } });
    }
    this.releaseTransient();
    return acquireWriterLockSync(this.require().file, `${this.writerName}: ${what}`);
  }

  /** A transient lock belongs to a synchronous write that has finished by the time anyone else runs. */
  private releaseTransient(): void {
    const t = this.transient;
    this.transient = null;
    t?.release();
  }

  private lockForThisTurn(file: string): void {
    if (this.transient && this.transient.file === path.resolve(file)) return;
    this.releaseTransient();
    const lock = acquireWriterLockSync(file, `${this.writerName}: editing`);
    this.transient = lock;
    setImmediate(() => {
      lock.release();
      if (this.transient === lock) this.transient = null;
    });
  }

  private closeQuietly(): void {
    if (this.current) {
      const { db } = this.current;
      this.current = null;
      closeSnapshotDb(db);
    }
  }
}
