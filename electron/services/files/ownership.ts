// runtime: node
/**
 * Whose file is this? A snapshot is the user's own working copy when this installation
 * wrote it (a snapshot it took, a working copy it made: listed in own-files.json in the
 * user's state folder) or when it sits in the data folder. Anything else (a file handed
 * over, downloaded, dropped into the browser and received into <data>/received/) opens
 * read-only by default; "Make a working copy" copies it into the data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { JsonStore } from './json-store';

export const RECEIVED_DIR = 'received';

const real = (file: string): string => {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
};

const inside = (dir: string, file: string): boolean => {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

export class Ownership {
  private readonly store: JsonStore<{ created: string[] }>;

  constructor(
    private readonly dataDir: string,
    stateDir: string,
  ) {
    this.store = new JsonStore(
      path.join(stateDir, 'own-files.json'),
      (v) => {
        const created = (v as { created?: unknown } | null)?.created;
        return Array.isArray(created) ? { created: created.filter((c): c is string => typeof c === 'string') } : null;
      },
      () => ({ created: [] }),
    );
  }

  /** Records a file this installation wrote (a new snapshot, a working copy). */
  markOwn(file: string): void {
    const key = real(file);
    const data = this.store.read();
    if (data.created.includes(key)) return;
    data.created.push(key);
    this.store.write(data);
  }

  isOwn(file: string): boolean {
    const key = real(file);
    if (this.store.read().created.includes(key)) return true;
    const data = real(this.dataDir);
    return inside(data, key) && !inside(path.join(data, RECEIVED_DIR), key);
  }
}
