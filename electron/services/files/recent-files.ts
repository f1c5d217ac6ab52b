// runtime: node
/**
 * The recent-files list: the last snapshot files the user opened, with the account and the
 * date each was taken. Kept in the user's state folder (recent-files.json), not in a snapshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RecentFile } from '../../../shared/api/methods/files';
import { JsonStore } from './json-store';

export const RECENT_LIMIT = 10;

type Stored = Omit<RecentFile, 'exists'>;

const isStored = (v: unknown): v is Stored => {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r.file === 'string' && typeof r.openedAt === 'number';
};

export class RecentFiles {
  private readonly store: JsonStore<Stored[]>;

  constructor(stateDir: string) {
    this.store = new JsonStore(
      path.join(stateDir, 'recent-files.json'),
      (v) => (Array.isArray(v) ? v.filter(isStored) : null),
      () => [],
    );
  }

  list(): RecentFile[] {
    return this.store.read().map((r) => ({ ...r, exists: fs.existsSync(r.file) }));
  }

  /** Puts the file first (once), keeping at most RECENT_LIMIT. */
  add(entry: Omit<Stored, 'openedAt'>, openedAt = Date.now()): void {
    const key = path.resolve(entry.file);
    const rest = this.store.read().filter((r) => path.resolve(r.file) !== key);
    this.store.write([{ ...entry, file: key, openedAt }, ...rest].slice(0, RECENT_LIMIT));
  }

  forget(file: string): boolean {
    const key = path.resolve(file);
    const all = this.store.read();
    const rest = all.filter((r) => path.resolve(r.file) !== key);
    if (rest.length === all.length) return false;
    this.store.write(rest);
    return true;
  }
}

/** The recent-files list of a host that remembers nothing (the CLI: a command leaves no state behind). */
export class NoRecentFiles extends RecentFiles {
  override list(): RecentFile[] {
    return [];
  }

  override add(): void {}

  override forget(): boolean {
    return false;
  }
}
