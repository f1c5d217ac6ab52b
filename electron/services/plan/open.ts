// runtime: node
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { MIGRATIONS, type Migration } from '../db/migrations/index';

/** The migrations a plan needs: every registered one (0004 is the change plan and journal). */
export function planMigrations(): readonly Migration[] {
  return MIGRATIONS;
}

/** Opens a snapshot file for planning and pushing (upgrading it to the newest schema). */
export function openPlanDb(file: string, mode: 'readonly' | 'readwrite' = 'readwrite', extra: { allowOlderSchema?: boolean } = {}): SqliteDb {
  return openSnapshotDb(file, { mode, migrations: planMigrations(), ...extra });
}

export { closeSnapshotDb };
