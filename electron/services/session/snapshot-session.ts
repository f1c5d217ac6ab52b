// runtime: node
import { AppError } from '../../../shared/api/result';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
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

  constructor(
    private readonly events: EventBus,
    private readonly nativeBinding?: string,
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
    if (!this.current) throw new AppError('NO_SNAPSHOT', 'No snapshot is open.');
    return this.current;
  }

  /** Writable access for decisions and plans; a read-only file is reopened for writing. */
  requireWritable(): OpenSnapshot {
    const snap = this.require();
    if (!snap.readOnly) return snap;
    if (snap.locked) {
      throw new AppError(
        'READ_ONLY',
        `${snap.file} is open read-only because it is not your working copy. Make a working copy to audit, decide or plan in it.`,
      );
    }
    return this.open(snap.file, { readOnly: false });
  }

  private closeQuietly(): void {
    if (this.current) {
      const { db } = this.current;
      this.current = null;
      closeSnapshotDb(db);
    }
  }
}
