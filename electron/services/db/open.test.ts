// runtime: node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index';
import { closeSnapshotDb, openSnapshotDb, schemaVersion } from './open';

const dirs: string[] = [];
const tmpFile = (name = 'snap.amosweep'): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-db-'));
  dirs.push(dir);
  return path.join(dir, name);
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('openSnapshotDb', () => {
  it('creates a new file at the newest schema and reopens it read-only', () => {
    const file = tmpFile();
    const db = openSnapshotDb(file, { mode: 'create' });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    closeSnapshotDb(db);
    const ro = openSnapshotDb(file, { mode: 'readonly' });
    expect(ro.readonly).toBe(true);
    expect(schemaVersion(ro)).toBe(MIGRATIONS.length);
    ro.close();
  });

  it('refuses a file written by a newer app and leaves it untouched', () => {
    const file = tmpFile();
    const future: Migration[] = [...MIGRATIONS, { id: MIGRATIONS.length + 1, name: 'future', up: 'CREATE TABLE future (x INTEGER);' }];
    closeSnapshotDb(openSnapshotDb(file, { mode: 'create', migrations: future }));
    const before = fs.readFileSync(file);
    expect(() => openSnapshotDb(file, { mode: 'readwrite' })).toThrow(/newer AmoSweep/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file whose recorded migration hash differs', () => {
    const file = tmpFile();
    const altered: Migration[] = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, up: `${m.up}\n-- edited` } : m));
    closeSnapshotDb(openSnapshotDb(file, { mode: 'create', migrations: altered }));
    expect(() => openSnapshotDb(file, { mode: 'readonly' })).toThrow(/does not match/);
  });

  it('refuses a foreign SQLite file and a non-SQLite file without modifying them', () => {
    const foreign = tmpFile('foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE x (a INTEGER)');
    other.close();
    const before = fs.readFileSync(foreign);
    expect(() => openSnapshotDb(foreign, { mode: 'readwrite' })).toThrow(/not an AmoSweep snapshot/);
    expect(fs.readFileSync(foreign).equals(before)).toBe(true);

    const text = tmpFile('notes.txt');
    fs.writeFileSync(text, 'hello, this is not a database at all');
    expect(() => openSnapshotDb(text, { mode: 'readonly' })).toThrow(/not an SQLite database/);
  });

  it('refuses a truncated snapshot', () => {
    const file = tmpFile();
    const db = openSnapshotDb(file, { mode: 'create' });
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('x', 'y'.repeat(100_000));
    closeSnapshotDb(db);
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 3));
    expect(() => openSnapshotDb(file, { mode: 'readonly' })).toThrow(/damaged|truncated|not an AmoSweep/);
  });

  it('runs each migration in its own transaction and rolls back a failing one', () => {
    const file = tmpFile();
    const broken: Migration[] = [...MIGRATIONS, { id: MIGRATIONS.length + 1, name: 'broken', up: 'CREATE TABLE ok1 (x INTEGER); THIS IS NOT SQL;' }];
    expect(() => openSnapshotDb(file, { mode: 'create', migrations: broken })).toThrow();
    const db = openSnapshotDb(file, { mode: 'readwrite' });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'ok1'").get()).toBeUndefined();
    db.close();
  });
});
